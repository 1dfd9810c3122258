from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import views as account_views
from api.urls import api_router
from feedback.feeds import QuestionFeed
from portal import health
from search import views as search_views

urlpatterns = [
    # Wagtail's login view behind the "login" rate limit (django-axes locks per username too).
    path("admin/login/", account_views.rate_limited_login),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("", include("navigation.urls")),
    path("feeds/hoi-dap/rss/", QuestionFeed(), name="feed-questions-rss"),
    path("feeds/thu-vien/", include("galleries.urls")),
    path("feeds/", include("syndication.urls")),
    path("gop-y/", include("feedback.urls")),
    path("", include("visits.urls")),
    path("nghe/", include("narration.urls")),
    path("api/v2/", api_router.urls),
    path("healthz", health.healthz, name="healthz"),
    path("", include("schedules.urls")),
    path("readyz", health.readyz, name="readyz"),
]

if settings.PORTAL_BENCH_CEILING:
    # make bench-pages: a fixed string through the same middleware, the speed ceiling.
    from django.http import HttpResponse

    urlpatterns.append(path("bench/ceiling/", lambda request: HttpResponse("ok")))

if settings.PORTAL_SERVE_MEDIA:
    # Django's static() helper serves only with DEBUG on; the demo runs with DEBUG off.
    from django.views.static import serve

    urlpatterns.append(
        re_path(r"^media/(?P<path>.*)\Z", serve, {"document_root": settings.MEDIA_ROOT})
    )

urlpatterns += [path("", include(wagtail_urls))]
