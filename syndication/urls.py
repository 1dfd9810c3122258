from django.urls import path

from . import feeds

urlpatterns = [
    path("rss/", feeds.ArticleFeed(), name="feed-rss"),
    path("atom/", feeds.atom(feeds.ArticleFeed)(), name="feed-atom"),
    path("unit/<int:pk>/rss/", feeds.UnitFeed(), name="feed-unit-rss"),
    path("unit/<int:pk>/atom/", feeds.atom(feeds.UnitFeed)(), name="feed-unit-atom"),
    path("topic/<int:pk>/rss/", feeds.TopicFeed(), name="feed-topic-rss"),
    path("topic/<int:pk>/atom/", feeds.atom(feeds.TopicFeed)(), name="feed-topic-atom"),
    path("documents/rss/", feeds.DocumentFeed(), name="feed-documents-rss"),
    path("documents/atom/", feeds.atom(feeds.DocumentFeed)(), name="feed-documents-atom"),
]
