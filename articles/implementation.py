"""Cây triển khai: how a directive was carried down the Party's levels.

From a document, the ``implements`` relation is followed backwards level by level (a
provincial plan implementing a Politburo resolution, district plans implementing the
provincial one…), one query per level. The committees expected to implement it are the
live, non-archived committees (unit kind with issuer kind "party_committee") directly
under the issuing committee; for a document of the centre, the top committee of the portal
and the committees directly under it. A committee has implemented it when a document of
the tree was issued by it or by a unit under it (the top committee itself: by it alone).
A fixed number of queries whatever the size of the tree.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from portal.visibility import visible
from units.models import IssuerKind, UnitPage, attach_owning_units


@dataclass
class Node:
    document: object
    unit: object  # the unit that issued it: its issuer's unit, else the unit owning the page
    children: list = field(default_factory=list)


@dataclass
class ImplementationTree:
    nodes: list  # the documents implementing this one directly, each with its own
    implemented: list  # expected committees that issued a document of the tree
    pending: list  # expected committees that have not

    @property
    def count(self):
        def size(nodes):
            return sum(1 + size(node.children) for node in nodes)

        return size(self.nodes)

    def __bool__(self):
        return bool(self.nodes or self.pending)


def implementation_tree(document, request, max_depth):
    DirectivePage = type(document)  # articles.models imports this module
    through = DirectivePage.implements.through
    children, seen, frontier = {}, {document.pk}, {document.pk}
    for _level in range(max_depth):
        rows = through.objects.filter(to_directivepage_id__in=frontier).values_list(
            "from_directivepage_id", "to_directivepage_id"
        )
        frontier = set()
        for child, parent in rows.order_by("pk"):
            if child not in seen:
                seen.add(child)
                frontier.add(child)
                children.setdefault(parent, []).append(child)
        if not frontier:
            break
    pages = {
        page.pk: page
        for page in visible(DirectivePage.objects, request)
        .filter(pk__in=seen - {document.pk})
        .select_related("issuer__unit", "document_type")
        .order_by("issue_date", "pk")
    }
    attach_owning_units(list(pages.values()))

    def nodes(parent):
        found = [pages[pk] for pk in children.get(parent, []) if pk in pages]
        found.sort(key=lambda page: (page.issue_date, page.pk))
        return [Node(page, _issuing_unit(page), nodes(page.pk)) for page in found]

    tree = nodes(document.pk)
    if not (tree or document.document_type.needs_implementation):
        return ImplementationTree([], [], [])
    expected, top = _expected_committees(document, request)
    issued_by = [node.unit for node in _walk(tree) if node.unit is not None]
    implemented, pending = [], []
    for unit in expected:
        if unit.pk == top:
            done = any(other.pk == unit.pk for other in issued_by)
        else:
            done = any(other.path.startswith(unit.path) for other in issued_by)
        (implemented if done else pending).append(unit)
    return ImplementationTree(tree, implemented, pending)


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def _issuing_unit(page):
    issuer = page.issuer
    return issuer.unit if issuer.unit_id else page.owning_unit


def _expected_committees(document, request):
    """The committees expected to implement ``document`` and the pk of the one counted by
    its own documents only (the top committee, for a document of the centre)."""
    today = timezone.localdate()
    committees = (
        visible(UnitPage.objects, request)
        .filter(kind__issuer_kind=IssuerKind.PARTY_COMMITTEE)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .only("pk", "path", "depth", "title", "url_path", "short_name")
        .order_by("path")
    )
    issuer = document.issuer
    if issuer.unit_id:
        base = (
            UnitPage.objects.ancestor_of(issuer.unit, inclusive=True)
            .filter(kind__issuer_kind=IssuerKind.PARTY_COMMITTEE)
            .order_by("-depth")
            .only("pk", "path", "depth")
            .first()
        )
        if base is None:
            return [], None
        return list(committees.child_of(base)), None
    units = list(committees)
    if not units:
        return [], None
    top = min(units, key=lambda unit: unit.depth)
    below = [
        unit for unit in units if unit.depth == top.depth + 1 and unit.path.startswith(top.path)
    ]
    return [top, *below], top.pk
