"""The admin's warning about one leader booked twice at the same time: shown, never refused."""

from wagtail.admin.panels import Panel


class OverlapPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "schedules/admin/overlap_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["overlaps"] = self.instance.leader_overlaps() if self.instance.pk else []
            return context
