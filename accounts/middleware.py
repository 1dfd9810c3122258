"""Sends an admin user who must give a one-time code to the code page (or to set-up first).

Runs after django-otp's OTPMiddleware, which tells whether this session has been verified.
Outside the admin, a session that has not passed the second step counts as anonymous:
a password alone opens no login- or group-restricted page, no private document and no
page-password shortcut (issue #21, finding 3).
"""

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode

from portal.headers import is_admin_path

from .twofactor import confirmed_device, must_use_two_factor

# Reachable before the code is given: logging in and out, the code and set-up pages, and
# what those pages load.
OPEN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "accounts_two_factor_verify",
}
SETUP_URL_NAMES = {"accounts_two_factor_setup", "accounts_two_factor_qr"}


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.guard(request) or self.get_response(request)

    def guard(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if not is_admin_path(request.path_info):
            if confirmed_device(user) is not None or must_use_two_factor(user):
                request.user = AnonymousUser()
            return None
        try:
            url_name = resolve(request.path_info).url_name
        except Resolver404:
            return None
        if url_name in OPEN_URL_NAMES:
            return None
        has_device = confirmed_device(user) is not None
        if has_device:
            target = "accounts_two_factor_verify"
        elif must_use_two_factor(user):
            if url_name in SETUP_URL_NAMES:
                return None
            target = "accounts_two_factor_setup"
        else:
            return None
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse(target)}?{query}")
