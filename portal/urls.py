from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import views as account_views
from api.urls import api_router
from articles.document_access import serve_document
from feedback.feeds import QuestionFeed
from portal import health
from search import views as search_views

urlpatterns = [
    # Wagtail's login view behind the "login" rate limit (django-axes locks per username too).
    path("admin/login/", account_views.rate_limited_login),
    path(
        "admin/password_reset/",
        account_views.rate_limited_password_reset,
        name="wagtailadmin_password_reset",
    ),
    # Wagtail admin views confined to what a unit's people may see (units.admin_views).
    path("admin/", include("units.admin_urls")),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document view with the cache rule of the page access it checked.
    re_path(r"^documents/(\d+)/(.*)$", serve_document),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        account_views.rate_limited_document_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("", include("navigation.urls")),
    path("feeds/hoi-dap/rss/", QuestionFeed(), name="feed-questions-rss"),
    path("feeds/thu-vien/", include("galleries.urls")),
    path("feeds/tai-lieu-sinh-hoat/", include("materials.urls")),
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

urlpatterns += [
    # Wagtail's own views for restricted pages, behind rate limits (accounts.views).
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        account_views.rate_limited_page_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("_util/login/", account_views.rate_limited_front_end_login, name="wagtailcore_login"),
    path("", include(wagtail_urls)),
]
