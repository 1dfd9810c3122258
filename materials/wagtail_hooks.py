from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Audience


class AudienceViewSet(SnippetViewSet):
    """The list editors choose a material's audience from; administrators keep it."""

    model = Audience
    icon = "group"
    menu_label = _("Đối tượng sử dụng tài liệu")
    list_display = ["name", "sort_order"]
    add_to_settings_menu = True


register_snippet(AudienceViewSet)
