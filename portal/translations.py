"""Our Vietnamese catalogues: where they are, how complete they are, whether they are safe.

``locale/wagtail/<catalogue>/vi/LC_MESSAGES/*.po`` translate Wagtail's catalogues in full;
``locale/django/<catalogue>/vi/LC_MESSAGES/django.po`` complete the Vietnamese catalogues of
Django and the libraries whose messages editors see (they hold only what upstream lacks or
gets wrong: Django merges them over upstream). One folder per upstream catalogue, so coverage
and upgrades are tracked catalogue by catalogue; ``locale/portal/`` holds the project's own
strings. The catalogues shipped with the installed packages are the reference list of
messages: after an upgrade, new messages show up as untranslated here.
"""

import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import django
import django_filters
import polib
import taggit
import wagtail
from django.conf import settings

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"


def _package_dir(module):
    return Path(module.__file__).resolve().parent


WAGTAIL_DIR = _package_dir(wagtail)
DJANGO_DIR = _package_dir(django)

# family → catalogue folder name → package folder holding the upstream locale/
CATALOGUES = {
    "wagtail": {
        "core": WAGTAIL_DIR,
        "admin": WAGTAIL_DIR / "admin",
        "users": WAGTAIL_DIR / "users",
        "images": WAGTAIL_DIR / "images",
        "documents": WAGTAIL_DIR / "documents",
        "snippets": WAGTAIL_DIR / "snippets",
        "search": WAGTAIL_DIR / "search",
        "sites": WAGTAIL_DIR / "sites",
        "embeds": WAGTAIL_DIR / "embeds",
        "locales": WAGTAIL_DIR / "locales",
        "contrib.forms": WAGTAIL_DIR / "contrib" / "forms",
        "contrib.redirects": WAGTAIL_DIR / "contrib" / "redirects",
        "contrib.settings": WAGTAIL_DIR / "contrib" / "settings",
        "contrib.search_promotions": WAGTAIL_DIR / "contrib" / "search_promotions",
        "contrib.table_block": WAGTAIL_DIR / "contrib" / "table_block",
        "contrib.typed_table_block": WAGTAIL_DIR / "contrib" / "typed_table_block",
    },
    # Django's own apps the portal installs, and the libraries Wagtail's admin shows
    # (taggit: the tags field; django-filter: listing filters).
    "django": {
        "django": DJANGO_DIR / "conf",
        "django.contrib.auth": DJANGO_DIR / "contrib" / "auth",
        "django.contrib.contenttypes": DJANGO_DIR / "contrib" / "contenttypes",
        "django.contrib.sessions": DJANGO_DIR / "contrib" / "sessions",
        "taggit": _package_dir(taggit),
        "django_filters": _package_dir(django_filters),
    },
}
# Catalogues of apps the portal does not enable are reported, not enforced.
NOT_ENABLED = {"locales", "contrib.typed_table_block"}

PLACEHOLDER_RE = re.compile(r"%\([^)]+\)[sdifr]|%[sdifr]|\{[A-Za-z0-9_]*\}")


@dataclass
class Coverage:
    name: str
    domain: str
    total: int
    translated: int
    untranslated: list = field(default_factory=list)
    broken: list = field(default_factory=list)
    family: str = "wagtail"

    @property
    def percent(self):
        return 100.0 * self.translated / self.total if self.total else 100.0


def placeholders(text):
    return sorted(PLACEHOLDER_RE.findall(text or ""))


def check_entry(entry):
    """Return a problem description, or None: placeholders must survive translation."""
    if entry.msgid_plural:
        expected = placeholders(entry.msgid_plural)
        for index, text in entry.msgstr_plural.items():
            # The form may follow the singular ("1 page") or the plural, never neither.
            if text and placeholders(text) not in (expected, placeholders(entry.msgid)):
                return f"msgstr[{index}] placeholders {placeholders(text)} ≠ {expected}"
        if set(entry.msgstr_plural) - {0}:
            return "Vietnamese has one plural form: only msgstr[0] may be filled"
        return None
    if entry.msgstr and placeholders(entry.msgstr) != placeholders(entry.msgid):
        return f"placeholders {placeholders(entry.msgstr)} ≠ {placeholders(entry.msgid)}"
    return None


def _is_translated(entry):
    if "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural.get(0))
    return bool(entry.msgstr)


def reference_dir(source):
    """The English catalogue lists every message; a library without one (django-filter) has
    the same messages in each of its translations."""
    english = source / "locale" / "en" / "LC_MESSAGES"
    if english.is_dir():
        return english
    return sorted((source / "locale").glob("*/LC_MESSAGES"))[0]


PLURAL_FORMS = "nplurals=1; plural=0;"


def _entries(path):
    if not path.exists():
        return {}
    return {(e.msgctxt, e.msgid): e for e in polib.pofile(str(path)) if not e.obsolete}


def check_header(path):
    """Return a problem description, or None: a catalogue with other plural rules would pick
    an empty msgstr[1] at run time."""
    if not path.exists():
        return None
    plural_forms = polib.pofile(str(path)).metadata.get("Plural-Forms", "")
    if plural_forms.replace(" ", "") != PLURAL_FORMS.replace(" ", ""):
        return f"Plural-Forms is {plural_forms!r}, Vietnamese needs {PLURAL_FORMS!r}"
    return None


def coverage(locale_dir=LOCALE_DIR):
    """Coverage of each catalogue as an editor gets it: our translation, else upstream's."""
    results = []
    for family, catalogues in CATALOGUES.items():
        for name, source in catalogues.items():
            for template in sorted(reference_dir(source).glob("*.po")):
                ours_path = locale_dir / family / name / "vi" / "LC_MESSAGES" / template.name
                ours = _entries(ours_path)
                upstream = _entries(source / "locale" / "vi" / "LC_MESSAGES" / template.name)
                reference = [e for e in polib.pofile(str(template)) if not e.obsolete]
                result = Coverage(name, template.stem, len(reference), 0, family=family)
                if problem := check_header(ours_path):
                    result.broken.append(("", problem))
                for entry in reference:
                    key = (entry.msgctxt, entry.msgid)
                    effective = next(
                        (e for e in (ours.get(key), upstream.get(key)) if e and _is_translated(e)),
                        None,
                    )
                    if effective is None:
                        result.untranslated.append(entry.msgid)
                        continue
                    result.translated += 1
                    problem = check_entry(effective)
                    if problem:
                        result.broken.append((entry.msgid, problem))
                results.append(result)
    return results


def conflicts(locale_dir=LOCALE_DIR):
    """Messages translated differently in two of our catalogues.

    Django merges every catalogue of a language into one, keyed by message: where two
    catalogues share a message only one translation survives (the first on LOCALE_PATHS),
    so a different one elsewhere is dead text and the screen it was written for shows the
    other. Shared messages must read the same everywhere.
    """
    seen = {}
    for path in sorted(locale_dir.glob("*/*/vi/LC_MESSAGES/*.po")):
        catalogue = f"{path.parents[3].name}/{path.parents[2].name}"
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not _is_translated(entry):
                continue
            text = entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr
            key = (path.stem, entry.msgctxt, entry.msgid)
            seen.setdefault(key, {}).setdefault(text, []).append(catalogue)
    return [(key, texts) for key, texts in seen.items() if len(texts) > 1]


def stale_catalogues():
    """The .po files under locale/ and the project's apps whose .mo is missing or older."""
    roots = [LOCALE_DIR] + [
        Path(settings.BASE_DIR) / app / "locale"
        for app in ("portal", "home", "units", "articles", "search")
    ]
    stale = []
    for root in roots:
        for po_path in sorted(root.rglob("*.po")):
            if "_parts" in po_path.parts:
                continue
            mo_path = po_path.with_suffix(".mo")
            if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
                stale.append(po_path)
    return stale


def compile_all():
    """Compile the stale .po files into .mo files (polib: no GNU gettext needed)."""
    compiled = []
    for po_path in stale_catalogues():
        mo_path = po_path.with_suffix(".mo")
        # Write then rename: a process reading the catalogue meanwhile never sees half a file.
        partial = mo_path.with_name(f"{mo_path.name}.{os.getpid()}.tmp")
        polib.pofile(str(po_path)).save_as_mofile(str(partial))
        os.replace(partial, mo_path)
        compiled.append(mo_path)
    return compiled


# --- what the screens show -------------------------------------------------------------
# A complete catalogue does not make a Vietnamese screen: a label Django derives from a field's
# name ("Password") or a template's hard-coded branding ("Sign in to Wagtail") never goes
# through gettext. The screens an editor sees before logging in are rendered and read.

# English a half-translated admin shows, as whole text of an element.
ENGLISH_ADMIN_WORDS = frozenset(
    [
        "Pages",
        "Page",
        "Publish",
        "Save draft",
        "Images",
        "Documents",
        "Settings",
        "Reports",
        "Help",
        "Search",
        "Add child page",
        "Edit",
        "Delete",
        "Live",
        "Draft",
        "Dashboard",
        "Snippets",
        "Users",
        "Groups",
        "Workflows",
        "Workflow tasks",
        "Tasks",
        "Collections",
        "Redirects",
        "Sites",
        "Preview",
        "History",
        "Actions",
        "Status",
        "Title",
        "Type",
        "Updated",
        "Created",
        "Add an image",
        "Add a document",
        "Upload",
        "Cancel",
        "Save",
        "Unpublish",
        "Submit for moderation",
        "Content",
        "Promote",
        "Sort menu order",
        "Log out",
        "Account",
        "Comments",
        "Filter",
        "Filters",
        "More",
        "Move",
        "Copy",
        "Private",
        "Public",
        "Tags",
        "Collection",
        "Add",
        "Usage",
        "Name",
        "Yes",
        "No",
        "Apply",
        "Clear",
        "Promoted search results",
        "Add a new promoted search result",
        "Add a workflow",
        "Add a task",
        "Disabled",
        "Enabled",
        "Explorer",
        "Choose a page",
        "Sort by",
        "Ascending",
        "Descending",
        "Any",
        "All",
        "Date",
        "Owner",
        "Locked",
        "Unlocked",
        "Aliases",
        "Privacy",
        "View live",
        "Bulk actions",
        "Select all",
        "Home",
        "Sign in",
        "Log in",
        "Password",
        "Username",
        "Forgotten password?",
        "Remember me",
        "Summary",
        "Your most recent edits",
        "Pages awaiting moderation",
        "Enter password",
        "Reset password",
        "Email",
        "Email address",
    ]
)
# The admin screens anyone can open: their URL names.
PUBLIC_ADMIN_SCREENS = ("wagtailadmin_login", "wagtailadmin_password_reset")


class _ScreenText(HTMLParser):
    """The text a reader sees or hears: element text outside scripts and styles, and the
    placeholder, aria-label, title and alt attributes; with the <title> and <h1> apart."""

    SILENT = {"script", "style", "template", "noscript"}

    def __init__(self):
        super().__init__()
        self.lines, self.headings, self._open = [], [], []

    def handle_starttag(self, tag, attrs):
        self._open.append(tag)
        for name, value in attrs:
            if name in ("placeholder", "aria-label", "title", "alt") and value:
                self.lines.append(value.strip())

    def handle_endtag(self, tag):
        if tag in self._open:
            while self._open.pop() != tag:
                pass

    def handle_data(self, data):
        if self.SILENT.intersection(self._open) or not data.strip():
            return
        self.lines.append(" ".join(data.split()))
        if {"title", "h1"}.intersection(self._open):
            self.headings.append(" ".join(data.split()))


def english_on_admin_screens():
    """(screen, problem) for each English word or foreign branding on the admin's public
    screens, as a Vietnamese browser gets them."""
    from django.test import Client
    from django.urls import reverse

    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"), "localhost")
    client = Client(HTTP_HOST=host, HTTP_ACCEPT_LANGUAGE="vi")
    problems = []
    for name in PUBLIC_ADMIN_SCREENS:
        response = client.get(reverse(name))
        if response.status_code != 200:
            problems.append((name, f"answered {response.status_code}"))
            continue
        screen = _ScreenText()
        screen.feed(response.content.decode())
        problems += [
            (name, f"English text {line!r}") for line in screen.lines if line in ENGLISH_ADMIN_WORDS
        ]
        problems += [
            (name, f"foreign branding {line!r}") for line in screen.headings if "Wagtail" in line
        ]
    return problems
