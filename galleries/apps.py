from django.apps import AppConfig


class GalleriesConfig(AppConfig):
    name = "galleries"
    verbose_name = "Thư viện ảnh và video"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from api.views import expose_page_type
        from home.models import HomePage
        from portal import uploads
        from search.forms import register_content_type

        from . import listings
        from .models import (
            CAPTIONS_MAX_SIZE,
            GalleryIndexPage,
            PhotoAlbumPage,
            PhotoLibraryPage,
            VideoLibraryPage,
            VideoPage,
            video_max_size,
        )

        # The lower apps know nothing of this one (tree rules are its page types' own
        # parent_page_types): it adds its upload kinds to the upload checks, its pages to search and the API, and fills
        # the home page's "Thư viện ảnh" block.
        uploads.register_kind("mp4", {"mp4"}, max_size=video_max_size)
        uploads.register_kind("webm", {"webm"}, max_size=video_max_size)
        uploads.register_kind("vtt", {"vtt"}, max_size=CAPTIONS_MAX_SIZE)
        register_content_type("thu-vien-anh", PhotoAlbumPage, _("Thư viện ảnh"))
        register_content_type("video", VideoPage, _("Video"))
        for model in (GalleryIndexPage, PhotoLibraryPage, VideoLibraryPage):
            expose_page_type(model)
        expose_page_type(PhotoAlbumPage, listings.album_api_relations)
        expose_page_type(VideoPage, listings.video_api_relations)
        HomePage.block_providers["albums"] = listings.latest_albums
