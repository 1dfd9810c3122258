from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content and ``seed_demo``: installed for development and tests, never in production."""

    name = "demo"
    verbose_name = "Dữ liệu mẫu"
