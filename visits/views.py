"""The visit counter: each page's script posts here and shows the figures it gets back."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import counters

MAX_PAGE_ID = 2**62


@csrf_exempt  # counting a view changes nothing a forged request could abuse
@require_POST
@never_cache
def counter(request):
    raw = request.POST.get("page", "").strip()
    page_id = None
    if raw:
        if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) < MAX_PAGE_ID:
            return JsonResponse({"error": "Mã trang không hợp lệ."}, status=400)
        page_id = int(raw)
    return JsonResponse(counters.record(request, page_id))
