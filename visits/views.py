"""The visit counter: each page's script posts here and shows the figures it gets back."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from portal.ids import parse_id

from . import counters


@csrf_exempt  # counting a view changes nothing a forged request could abuse
@require_POST
@never_cache
def counter(request):
    raw = request.POST.get("page", "").strip()
    page_id = None
    if raw:
        page_id = parse_id(raw)
        if page_id is None:
            return JsonResponse({"error": "Mã trang không hợp lệ."}, status=400)
    return JsonResponse(counters.record(request, page_id))
