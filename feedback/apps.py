from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "Góp ý – Hỏi đáp"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from search.forms import register_content_type

        from .models import QuestionPage

        # The lower apps know nothing of this one: its pages name their parents
        # (parent_page_types), and it adds its answered questions to the shared search.
        register_content_type("hoi-dap", QuestionPage, _("Hỏi đáp"))
