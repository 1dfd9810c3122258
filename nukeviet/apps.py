from django.apps import AppConfig


class NukevietConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "nukeviet"
    verbose_name = "NukeViet import"
