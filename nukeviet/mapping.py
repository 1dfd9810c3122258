"""The mapping file: where each NukeViet category, document type, issuer and Q&A category goes.

``import_nukeviet --write-mapping FILE`` writes a first draft from the old database and the
portal's units; the administrator edits it and passes it with ``--mapping FILE``. YAML or JSON
(by extension). Units and pages are named by their path under the site root
("/tinh-uy-tay-ninh/ban-tuyen-giao/") or by page id.
"""

import json
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from wagtail.models import Page, Site

from articles.models import DocumentType
from articles.symbols import parse_number_symbol
from portal.vietnamese import fold, slugify_vi
from units.models import Issuer, UnitPage

from .source import SourceError, decode

DEFAULTS = {
    "source": {
        "prefix": "nv4",
        "lang": "vi",
        "modules": {"news": "news", "laws": "laws", "faq": "faq"},
        "urls": {"news": "news", "laws": "laws", "faq": "faq"},
    },
    "news": {"categories": {}},
    "laws": {"unit": None, "types": {}, "issuers": {}, "term": None, "related_as": "implements"},
    "faq": {"qa_index": None, "unit": None},
}


def load(path):
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = json.loads(text) if str(path).endswith(".json") else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as error:
        raise SourceError(f"The mapping file {path} cannot be read: {error}") from error
    if not isinstance(data, dict):
        raise SourceError(f"The mapping file {path} holds no mapping")
    return merge(data)


def merge(data):
    merged = json.loads(json.dumps(DEFAULTS))
    for section, values in (data or {}).items():
        if isinstance(values, dict) and isinstance(merged.get(section), dict):
            for key, value in values.items():
                if isinstance(value, dict) and isinstance(merged[section].get(key), dict):
                    merged[section][key].update(value)
                else:
                    merged[section][key] = value
        else:
            merged[section] = values
    # YAML keys may be ints or strings: the old ids are looked up as strings.
    for section, key in (("news", "categories"), ("laws", "types"), ("laws", "issuers")):
        merged[section][key] = {str(k): v for k, v in (merged[section][key] or {}).items()}
    return merged


def site_root():
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise SourceError("The portal has no default site: run migrations first")
    return site.root_page


def resolve_page(reference, model=Page):
    """A page named by its path under the site root or by its id; None if absent."""
    if reference in (None, ""):
        return None
    queryset = model.objects.all()
    if isinstance(reference, int) or str(reference).isdigit():
        return queryset.filter(pk=int(reference)).first()
    root = site_root()
    path = root.url_path + str(reference).strip("/") + "/"
    return queryset.filter(url_path=path).first()


def page_reference(page):
    root = site_root()
    return "/" + page.url_path[len(root.url_path) :]


def draft(source):
    """A first mapping from the old database and the portal's units."""
    root = site_root()
    top_unit = UnitPage.objects.child_of(root).order_by("path").first()
    unit_ref = page_reference(top_unit) if top_unit else None
    data = {"source": dict(DEFAULTS["source"].items())}
    data["source"].update(prefix=source.prefix, lang=source.lang, modules=source.modules)

    categories = {}
    if source.has("news", "cat"):
        rows = source.query(
            f"SELECT catid, parentid, title, alias FROM {source.table('news', 'cat')} "
            "ORDER BY sort, catid"
        )
        titles = {row["catid"]: row["title"] for row in rows}
        for row in rows:
            title = row["title"]
            if row["parentid"] in titles:
                title = f"{titles[row['parentid']]} › {title}"
            categories[int(row["catid"])] = {
                "title": title,
                "unit": unit_ref,
                "section": slugify_vi(row["alias"] or row["title"])[:80] or f"muc-{row['catid']}",
                "section_title": row["title"],
                "skip": False,
            }
    data["news"] = {"categories": categories}

    laws = {"unit": unit_ref, "types": {}, "issuers": {}, "term": None}
    laws["related_as"] = "implements"
    if source.has("laws", "cat"):
        known = {fold(t.name).lower(): t.code for t in DocumentType.objects.all()}
        for row in source.query(f"SELECT id, title FROM {source.table('laws', 'cat')}"):
            code = known.get(fold(row["title"]).lower())
            laws["types"][int(row["id"])] = {
                "title": row["title"],
                "code": code or _guess_type_code(source, row["id"]),
            }
    if source.has("laws", "subject"):
        for row in source.query(f"SELECT id, title FROM {source.table('laws', 'subject')}"):
            issuer = Issuer.objects.filter(name__iexact=row["title"].strip()).first()
            laws["issuers"][int(row["id"])] = {
                "title": row["title"],
                "code": issuer.code if issuer else _guess_issuer_code(source, row["id"]),
                "name": issuer.name if issuer else row["title"],
            }
    data["laws"] = laws
    data["faq"] = {"qa_index": None, "unit": unit_ref}
    return data


def parse_symbol(text):
    """The parts of an old "Số, ký hiệu" ("35-NQ/TU", "Số 05-CT/TU"), None if unreadable."""
    text = (text or "").strip()
    if text.lower().startswith("số"):
        text = text[2:].strip(" .:")
    try:
        return parse_number_symbol(text)
    except ValidationError:
        return None


def _symbol_parts(source, column, value):
    rows = source.query(
        f"SELECT code FROM {source.table('laws', 'row')} WHERE {column} = %s LIMIT 50", (value,)
    )
    return [parsed for row in rows if (parsed := parse_symbol(decode(row["code"])[0]))]


def _guess_type_code(source, cid):
    codes = [parsed.type_code for parsed in _symbol_parts(source, "cid", cid)]
    return max(set(codes), key=codes.count) if codes else None


def _guess_issuer_code(source, sid):
    codes = [parsed.issuer_codes[0] for parsed in _symbol_parts(source, "sid", sid)]
    return max(set(codes), key=codes.count) if codes else None


HEADER = """\
# Mapping of a NukeViet site onto this portal: edit, then
#   manage.py import_nukeviet --database-url mysql://… --mapping THIS_FILE
# news.categories: old catid -> unit (path under the site root or page id) and the slug of
#   the section (chuyên mục) created in it if missing; skip: true leaves the category out.
# laws.types: old cid (thể loại) -> DocumentType code (created with the title if missing).
# laws.issuers: old sid (cơ quan ban hành) -> Issuer code and name (created if missing).
# laws.term: the Term for documents no term's dates cover; related_as: implements | none
#   (NukeViet's "văn bản liên quan" has no exact match in the portal).
# faq.qa_index: the Q&A page (path or id; empty: the first one, created if none).
"""


def write(data, path):
    if str(path).endswith(".json"):
        text = json.dumps(data, ensure_ascii=False, indent=2)
    else:
        text = HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    Path(path).write_text(text, encoding="utf-8")
