from django.apps import AppConfig


class NarrationConfig(AppConfig):
    name = "narration"
    verbose_name = "Nghe đọc bài"

    def ready(self):
        from . import signals

        signals.connect()
