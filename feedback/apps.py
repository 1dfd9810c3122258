from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "Góp ý – Hỏi đáp"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from home.models import HomePage
        from search.forms import register_content_type
        from units.models import UnitPage

        from .models import QuestionPage

        # The lower apps know nothing of this one: it adds its pages to their trees and
        # its answered questions to the shared search.
        HomePage.subpage_types = [
            *HomePage.subpage_types,
            "feedback.QAIndexPage",
            "feedback.ConsultationIndexPage",
        ]
        UnitPage.subpage_types = [*UnitPage.subpage_types, "feedback.ConsultationPage"]
        register_content_type("hoi-dap", QuestionPage, _("Hỏi đáp"))
