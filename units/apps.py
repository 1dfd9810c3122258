from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = "Đơn vị"

    def ready(self):
        from . import ownership  # noqa: F401  (connects the signals keeping unit permissions)
