"""Our Vietnamese catalogues: where they are, how complete they are, whether they are safe.

``locale/wagtail/<catalogue>/vi/LC_MESSAGES/*.po`` translate Wagtail's catalogues (one folder
per upstream catalogue, so coverage and upgrades are tracked catalogue by catalogue);
``locale/portal/`` holds the project's own strings. The English templates shipped with the
installed Wagtail are the reference list of messages: after an upgrade, new messages show up
as untranslated here.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import polib
import wagtail
from django.conf import settings

WAGTAIL_DIR = Path(wagtail.__file__).resolve().parent
LOCALE_DIR = Path(settings.BASE_DIR) / "locale"

# catalogue folder name → Wagtail source folder holding its locale/
CATALOGUES = {
    "core": "",
    "admin": "admin",
    "users": "users",
    "images": "images",
    "documents": "documents",
    "snippets": "snippets",
    "search": "search",
    "sites": "sites",
    "embeds": "embeds",
    "locales": "locales",
    "contrib.forms": "contrib/forms",
    "contrib.redirects": "contrib/redirects",
    "contrib.settings": "contrib/settings",
    "contrib.search_promotions": "contrib/search_promotions",
    "contrib.table_block": "contrib/table_block",
    "contrib.typed_table_block": "contrib/typed_table_block",
}
# Catalogues of apps the portal does not enable are reported, not enforced.
NOT_ENABLED = {"locales", "contrib.typed_table_block"}

PLACEHOLDER_RE = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{[A-Za-z0-9_]*\}")


@dataclass
class Coverage:
    name: str
    domain: str
    total: int
    translated: int
    untranslated: list = field(default_factory=list)
    broken: list = field(default_factory=list)

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


def coverage():
    results = []
    for name, source in CATALOGUES.items():
        template_dir = WAGTAIL_DIR / source / "locale" / "en" / "LC_MESSAGES"
        for template in sorted(template_dir.glob("*.po")):
            ours_path = LOCALE_DIR / "wagtail" / name / "vi" / "LC_MESSAGES" / template.name
            ours = {}
            if ours_path.exists():
                ours = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(ours_path))}
            reference = [e for e in polib.pofile(str(template)) if not e.obsolete]
            result = Coverage(name, template.stem, len(reference), 0)
            for entry in reference:
                mine = ours.get((entry.msgctxt, entry.msgid))
                if mine is not None and _is_translated(mine):
                    result.translated += 1
                    problem = check_entry(mine)
                    if problem:
                        result.broken.append((entry.msgid, problem))
                else:
                    result.untranslated.append(entry.msgid)
            results.append(result)
    return results


def compile_all():
    """Compile every .po under locale/ and the project's apps into .mo files (polib: no gettext needed)."""
    compiled = []
    roots = [LOCALE_DIR] + [
        Path(settings.BASE_DIR) / app / "locale"
        for app in ("portal", "home", "units", "articles", "search")
    ]
    for root in roots:
        for po_path in sorted(root.rglob("*.po")):
            if "_parts" in po_path.parts:
                continue
            mo_path = po_path.with_suffix(".mo")
            if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                compiled.append(mo_path)
    return compiled
