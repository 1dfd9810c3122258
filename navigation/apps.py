from django.apps import AppConfig


class NavigationConfig(AppConfig):
    name = "navigation"
    verbose_name = "Menu và chân trang"
