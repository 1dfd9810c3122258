from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Tài khoản và an ninh"

    def ready(self):
        from . import audit  # noqa: F401  (signal receivers)
