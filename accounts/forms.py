"""The admin's login form with every label translated.

Wagtail's LoginForm declares ``password`` without a label, so Django derives "Password" from
the field's name: no catalogue can translate it.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django's own messages, translated by its Vietnamese catalogue.
        self.fields["password"].label = _("Password")
        self.fields["remember"].label = _("Remember me")
