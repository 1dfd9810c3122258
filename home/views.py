"""Small reader-facing views: robots.txt and the visit counter."""

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from portal.ids import parse_id
from portal.links import absolute_url

from . import counters


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /counter/",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


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
