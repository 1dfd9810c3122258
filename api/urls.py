"""``/api/v2/``: pages, images, documents (read-only)."""

from wagtail.api.v2.router import WagtailAPIRouter

from .views import PortalDocumentsAPIViewSet, PortalImagesAPIViewSet, PortalPagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)
api_router.register_endpoint("images", PortalImagesAPIViewSet)
api_router.register_endpoint("documents", PortalDocumentsAPIViewSet)
