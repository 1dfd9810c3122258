"""What other apps ask of the galleries: the home block's albums, the API's relations."""

from django.db.models import Prefetch

from portal.visibility import visible

from .models import LARGE_SPEC, PhotoAlbumPage, image_with_renditions, media_listing


def latest_albums(request, home, count):
    """The newest albums of the site, with their cover renditions (three queries)."""
    albums = visible(PhotoAlbumPage.objects, request).descendant_of(home)
    return list(media_listing(albums, "cover_image")[:count])


def album_api_relations(queryset, request):
    return queryset.prefetch_related(
        Prefetch("cover_image", queryset=image_with_renditions("fill-640x400")),
        Prefetch(
            "photos__image",
            queryset=image_with_renditions(LARGE_SPEC),
        ),
    )


def video_api_relations(queryset, request):
    return queryset.select_related("video_file", "captions").prefetch_related(
        Prefetch("poster", queryset=image_with_renditions("fill-640x400"))
    )
