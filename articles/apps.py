from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Tin bài và văn bản"

    def ready(self):
        from . import signals  # noqa: F401  (marks replaced documents when one is published)
