"""Org charts: a YAML or JSON file describing unit kinds and units, applied to the page tree.

``load_orgchart`` reads and checks a chart, collecting every problem with the key it
concerns; ``apply_orgchart`` creates or updates the units (matched by ``key``, so a
renamed unit keeps its pages and URLs). The format is documented in the README.
"""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from portal.vietnamese import slugify_vi

from .models import IssuerKind, UnitKind, UnitLeader, UnitPage, abbreviation_validator

UNIT_FIELDS = {
    "key",
    "parent",
    "name",
    "short_name",
    "kind",
    "issuer_code",
    "valid_from",
    "valid_until",
    "successor",
    "address",
    "phone",
    "email",
    "introduction",
    "leaders",
}
TEXT_FIELDS = ("name", "short_name", "kind", "issuer_code", "address", "phone", "email")


class OrgChartError(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class UnitSpec:
    key: str
    name: str
    kind: str
    parent: str | None = None
    short_name: str = ""
    issuer_code: str = ""
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    successor: str | None = None
    address: str = ""
    phone: str = ""
    email: str = ""
    introduction: str = ""
    leaders: list = field(default_factory=list)


@dataclass
class OrgChart:
    kinds: list  # [(name, sort_order, issuer_kind or None)]
    units: list  # [UnitSpec], parents before children


def load_orgchart(path) -> OrgChart:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise OrgChartError([f"{path}: cannot read the file ({error})"]) from error
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as error:
        raise OrgChartError([f"{path}: not valid {path.suffix[1:].upper()}: {error}"]) from error
    return parse_orgchart(data)


def _date(value, where, problems):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        problems.append(f"{where}: “{value}” is not a date (YYYY-MM-DD)")
        return None


def parse_orgchart(data) -> OrgChart:
    problems = []
    if not isinstance(data, dict):
        raise OrgChartError(["the chart must be a mapping with 'kinds' and 'units'"])
    kinds = []
    raw_kinds = data.get("kinds") or []
    if not isinstance(raw_kinds, list):
        problems.append("'kinds' must be a list")
        raw_kinds = []
    for number, kind in enumerate(raw_kinds, start=1):
        if not isinstance(kind, dict) or not isinstance(kind.get("name"), str) or not kind["name"]:
            problems.append(f"kinds[{number}]: needs a 'name' (text)")
            continue
        order = kind.get("sort_order", 100)
        if not isinstance(order, int) or isinstance(order, bool) or order < 0:
            problems.append(f"kind {kind['name']!r}: sort_order must be a whole number ≥ 0")
            order = 100
        issuer_kind = kind.get("issuer_kind")
        if issuer_kind is not None and issuer_kind not in IssuerKind.values:
            problems.append(
                f"kind {kind['name']!r}: issuer_kind must be one of "
                + ", ".join(value for value in IssuerKind.values if value)
            )
            issuer_kind = None
        kinds.append((kind["name"].strip(), order, issuer_kind))
    kind_names = {name for name, _order, _issuer in kinds} | set(
        UnitKind.objects.values_list("name", flat=True)
    )

    raw_units = data.get("units")
    if not isinstance(raw_units, list) or not raw_units:
        raise OrgChartError(problems + ["'units' must be a non-empty list"])
    specs = {}
    for number, raw in enumerate(raw_units, start=1):
        where = f"units[{number}]"
        if not isinstance(raw, dict):
            problems.append(f"{where}: each unit must be a mapping")
            continue
        key = raw.get("key")
        if not isinstance(key, str) or not key.strip():
            problems.append(f"{where}: missing 'key'")
            continue
        where = f"unit {key!r}"
        if key in specs:
            problems.append(f"{where}: duplicate key")
            continue
        unknown = set(raw) - UNIT_FIELDS
        if unknown:
            problems.append(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        for name in TEXT_FIELDS:
            if raw.get(name) is not None and not isinstance(raw[name], str):
                problems.append(f"{where}: '{name}' must be text")
        if not isinstance(raw.get("name"), str) or not raw["name"].strip():
            problems.append(f"{where}: missing 'name'")
        for name in ("parent", "successor"):
            if raw.get(name) is not None and not isinstance(raw[name], str):
                problems.append(f"{where}: '{name}' must be the key of a unit")
                raw[name] = None
        if not isinstance(raw.get("kind"), str) or raw["kind"] not in kind_names:
            problems.append(f"{where}: unknown kind {raw.get('kind')!r}")
        if isinstance(raw.get("issuer_code"), str) and raw["issuer_code"]:
            try:
                abbreviation_validator(raw["issuer_code"])
            except ValidationError:
                problems.append(
                    f"{where}: issuer_code {raw['issuer_code']!r} is not a valid abbreviation"
                )
        if isinstance(raw.get("email"), str) and raw["email"]:
            try:
                validate_email(raw["email"])
            except ValidationError:
                problems.append(f"{where}: e-mail {raw['email']!r} is not valid")
        leaders = raw.get("leaders") or []
        if not isinstance(leaders, list) or not all(
            isinstance(item, dict)
            and isinstance(item.get("name"), str)
            and isinstance(item.get("position"), str)
            for item in leaders
        ):
            problems.append(f"{where}: leaders must be a list of {{name, position}}")
            leaders = []
        specs[key] = UnitSpec(
            key=key,
            name=str(raw.get("name") or "").strip(),
            kind=raw.get("kind") or "",
            parent=raw.get("parent"),
            short_name=(raw.get("short_name") or "")
            if isinstance(raw.get("short_name"), str)
            else "",
            issuer_code=(raw.get("issuer_code") or "")
            if isinstance(raw.get("issuer_code"), str)
            else "",
            valid_from=_date(raw.get("valid_from"), where, problems),
            valid_until=_date(raw.get("valid_until"), where, problems),
            successor=raw.get("successor"),
            address=str(raw.get("address") or ""),
            phone=str(raw.get("phone") or ""),
            email=str(raw.get("email") or ""),
            introduction=str(raw.get("introduction") or ""),
            leaders=[(item["name"], item["position"]) for item in leaders],
        )

    for spec in specs.values():
        if spec.parent is not None and spec.parent not in specs:
            problems.append(f"unit {spec.key!r}: unknown parent {spec.parent!r}")
        if spec.successor is not None and spec.successor not in specs:
            problems.append(f"unit {spec.key!r}: unknown successor {spec.successor!r}")

    ordered, placed = [], set()
    for spec in specs.values():
        chain, current = [], spec
        while current is not None and current.key not in placed:
            if current in chain:
                problems.append(f"unit {spec.key!r}: parent chain forms a cycle")
                break
            chain.append(current)
            current = specs.get(current.parent) if current.parent else None
        else:
            for item in reversed(chain):
                placed.add(item.key)
                ordered.append(item)
    if problems:
        raise OrgChartError(sorted(set(problems), key=problems.index))
    return OrgChart(kinds=kinds, units=ordered)


def _unit_values(spec, kind):
    return {
        "title": spec.name,
        "short_name": spec.short_name,
        "kind": kind,
        "issuer_code": spec.issuer_code,
        "valid_from": spec.valid_from,
        "valid_until": spec.valid_until,
        "address": spec.address,
        "phone": spec.phone,
        "email": spec.email,
        "introduction": f"<p>{spec.introduction}</p>" if spec.introduction else "",
    }


@transaction.atomic
def apply_orgchart(chart: OrgChart, root_page) -> dict:
    """Create or update units under ``root_page``; returns counts of what changed."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    kinds = {}
    for name, order, issuer_kind in chart.kinds:
        defaults = {"sort_order": order}
        if issuer_kind is not None:  # left out: the kind keeps what an administrator set
            defaults["issuer_kind"] = issuer_kind
        kind, _ = UnitKind.objects.update_or_create(name=name, defaults=defaults)
        kinds[name] = kind
    pages = {}
    for spec in chart.units:
        kind = kinds.get(spec.kind) or UnitKind.objects.get(name=spec.kind)
        parent = pages[spec.parent] if spec.parent else root_page
        values = _unit_values(spec, kind)
        page = UnitPage.objects.filter(org_key=spec.key).first()
        if page is None:
            page = UnitPage(org_key=spec.key, slug=slugify_vi(spec.name), **values)
            for position, (name, title) in enumerate(spec.leaders):
                page.leaders.add(UnitLeader(name=name, position=title, sort_order=position))
            parent.add_child(instance=page)
            page.save_revision().publish()
            counts["created"] += 1
        else:
            if page.get_parent().pk != parent.pk:
                # Move before renaming: the redirects app computes old URLs for the move
                # at once, and for the new slug when the transaction commits.
                page.move(parent, pos="last-child")
                page = UnitPage.objects.get(pk=page.pk)
            if page.title != spec.name:
                # A renamed unit gets the new name's slug; Wagtail's redirects app keeps
                # the old URLs (of the unit and every page under it) working.
                slug = slugify_vi(spec.name)
                if slug and not page.get_siblings().exclude(pk=page.pk).filter(slug=slug).exists():
                    values["slug"] = slug
            changed = [name for name, value in values.items() if getattr(page, name) != value]
            leaders = [(leader.name, leader.position) for leader in page.leaders.all()]
            if changed or leaders != spec.leaders:
                for name, value in values.items():
                    setattr(page, name, value)
                if leaders != spec.leaders:
                    page.leaders = [
                        UnitLeader(name=name, position=title, sort_order=position)
                        for position, (name, title) in enumerate(spec.leaders)
                    ]
                page.save_revision().publish()
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        pages[spec.key] = page
    for spec in chart.units:
        successor = pages[spec.successor] if spec.successor else None
        page = pages[spec.key]
        if page.successor_id != (successor.pk if successor else None):
            page.successor = successor
            page.save_revision().publish()
    # Groups, collections, permissions and workflows: created with each new unit by the
    # signals in units.ownership; checked again here so a second run repairs them.
    from .ownership import sync_unit

    for page in pages.values():
        sync_unit(page)
    return counts
