"""What the reader-facing app adds to other apps' pages."""

from portal.pagecache import remember
from units.models import UnitKind


def unit_kind(unit, request):
    """The unit's kind, from the cache (unit kinds are a short, rarely edited list)."""
    kinds = remember("unit-kinds", lambda: {kind.pk: kind for kind in UnitKind.objects.all()})
    return {"unit_kind": kinds.get(unit.kind_id)}
