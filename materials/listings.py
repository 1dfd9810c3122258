"""What other apps ask of the materials: the home block's month, the API's relations."""

from django.db.models import Prefetch, Q

from portal.visibility import visible
from units.models import attach_owning_units

from .models import CellMaterialFile, CellMaterialIndexPage, CellMaterialPage, listing_materials
from .periods import KIND_ORDER, this_month


def current_materials(request, home, count):
    """The materials of this month (or, before any is out, of the latest month), every
    kind, the cell meeting's first, higher units first: four queries.

    Each item gets ``owning_unit``, ``first_file`` and ``index`` (its unit's index page)."""
    year, month = this_month()
    due = Q(year__lt=year) | Q(year=year, month__lte=month)
    newest = list(
        listing_materials(visible(CellMaterialPage.objects, request).descendant_of(home))
        .filter(due)
        .prefetch_related(None)
        .prefetch_related(
            Prefetch("files", queryset=CellMaterialFile.objects.select_related("document"))
        )[:count]
    )
    if not newest:
        return []
    latest = (newest[0].year, newest[0].month)
    items = [material for material in newest if (material.year, material.month) == latest]
    items.sort(key=lambda material: (KIND_ORDER.get(material.kind, 99), len(material.path)))
    attach_owning_units(items)
    steplen = CellMaterialPage.steplen
    indexes = {
        page.path: page
        for page in CellMaterialIndexPage.objects.filter(
            path__in={material.path[:-steplen] for material in items}
        ).only("id", "path", "depth", "url_path", "slug", "title")
    }
    for material in items:
        material.first_file = next(iter(material.files.all()), None)
        material.index = indexes.get(material.path[:-steplen])
    return items


def material_api_relations(queryset, request):
    return queryset.prefetch_related(
        Prefetch("files", queryset=CellMaterialFile.objects.select_related("document")),
        "audiences",
        "topics",
        "directive_links__directive",
    )
