from django.apps import AppConfig


class SchedulesConfig(AppConfig):
    name = "schedules"
    verbose_name = "Lịch công tác"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from search.forms import register_content_type

        from .models import WeeklySchedulePage

        # The tree rules are the page types' own parent_page_types (PortalPage works out the
        # lower side); the weeks join the shared search.
        register_content_type("lich-cong-tac", WeeklySchedulePage, _("Lịch công tác"))
