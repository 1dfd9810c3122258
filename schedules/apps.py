from django.apps import AppConfig


class SchedulesConfig(AppConfig):
    name = "schedules"
    verbose_name = "Lịch công tác"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from home.models import HomePage
        from search.forms import register_content_type
        from units.models import UnitPage

        from .models import WeeklySchedulePage

        # The lower apps know nothing of this one: it adds its pages to their trees and its
        # weeks to the shared search.
        HomePage.subpage_types = [*HomePage.subpage_types, "schedules.ScheduleDirectoryPage"]
        UnitPage.subpage_types = [*UnitPage.subpage_types, "schedules.ScheduleIndexPage"]
        register_content_type("lich-cong-tac", WeeklySchedulePage, _("Lịch công tác"))
