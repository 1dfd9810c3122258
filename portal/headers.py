"""Response headers: one Content Security Policy for public pages, another for the admin.

django-csp builds the header; this subclass picks the admin's policy for every path under
the admin (edit views, choosers, previews), because Wagtail's admin writes inline scripts and
styles that the public policy forbids. Public pages need neither: their one script is a
static file, so their policy allows scripts and styles from the portal's own origin only.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.urls import reverse


def is_admin_path(path):
    return path.startswith(reverse("wagtailadmin_home"))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and is_admin_path(request.path_info):
            return PolicyParts(
                config=default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]),
                update=parts.update,
                replace=parts.replace,
                nonce=None,
            )
        return parts
