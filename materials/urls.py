"""``/feeds/tai-lieu-sinh-hoat/``: the materials of the whole site, or of one unit's index."""

from django.urls import path

from . import feeds

urlpatterns = [
    path("rss/", feeds.MaterialFeed(), name="feed-materials-rss"),
    path("json/", feeds.MaterialJsonFeed(), name="feed-materials-json"),
    # The id as text: portal.ids.parse_id refuses what the database cannot hold (a 404).
    path("<str:pk>/rss/", feeds.MaterialFeed(), name="feed-material-index-rss"),
    path("<str:pk>/json/", feeds.MaterialJsonFeed(), name="feed-material-index-json"),
]
