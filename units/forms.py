"""The base admin form of every portal page."""

from django.db.models import Q
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry


class PortalPageForm(WagtailAdminPageForm):
    """Image and document fields accept only what the user may choose (their unit's collections
    and the shared one), so another unit's file cannot be attached by editing the id in a form.
    A file already on the page stays valid."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None or user.is_superuser:
            return
        media = {get_image_model(), get_document_model()}
        for name, field in self.fields.items():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if model not in media:
                continue
            policy = policy_registry.get_by_type(model)
            queryset = field.queryset
            choosable = policy.instances_user_has_any_permission_for(user, ["choose"])
            current = getattr(self.instance, f"{name}_id", None)
            field.queryset = queryset.filter(Q(pk__in=choosable.values("pk")) | Q(pk=current))

    def full_clean(self):
        """A chooser field refused (a forged or stale id) shows the saved value again beside its
        error: the chooser widget looks its value up by id, and a non-numeric one would crash
        the form's second rendering."""
        super().full_clean()
        refused = [
            name
            for name in self._errors or {}
            if name in self.fields and isinstance(self.fields[name].widget, BaseChooser)
        ]
        if refused:
            self.data = self.data.copy()
            for name in refused:
                current = self.initial.get(name)
                self.data[self.add_prefix(name)] = "" if current is None else str(current)
