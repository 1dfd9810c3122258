from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Cổng thông tin"

    def ready(self):
        from portal import pagecache, spreadsheets

        pagecache.connect_signals()
        spreadsheets.install()
