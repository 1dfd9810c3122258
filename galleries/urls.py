from django.urls import path

from . import feeds

urlpatterns = [
    path("rss/", feeds.MediaFeed(), name="feed-media-rss"),
    path("atom/", feeds.MediaFeedAtom(), name="feed-media-atom"),
]
