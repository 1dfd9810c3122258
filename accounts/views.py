"""Two-factor pages in the admin: the code asked after the password, and the set-up page.

Both sit behind Wagtail's login (``register_admin_urls``) and behind the rate limit for logins;
django-otp's TOTP device also slows down guessing after each wrong code.
"""

import base64
import io

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.generic import FormView
from django_otp import login as otp_login
from django_ratelimit.decorators import ratelimit
from wagtail.admin.views.account import LoginView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.ratelimits import rate

from .twofactor import confirmed_device, must_use_two_factor, pending_device

WRONG_CODE = "Mã xác thực không đúng hoặc đã hết hạn."


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label="Mã xác thực (6 chữ số)",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, device, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_otp_token(self):
        token = self.cleaned_data["otp_token"].strip()
        if not (token.isascii() and token.isdigit()):
            raise forms.ValidationError("Mã xác thực gồm 6 chữ số.")
        allowed, _details = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError("Đã nhập sai quá nhiều lần. Vui lòng đợi rồi thử lại.")
        if not self.device.verify_token(token):
            raise forms.ValidationError(WRONG_CODE)
        return token


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def _verified(request, device):
    otp_login(request, device)
    # A new key for the now fully authenticated session (as at the password step).
    request.session.cycle_key()


rate_limited_login = ratelimit(key="ip", rate=rate("login"), method="POST", block=True)(
    LoginView.as_view()
)

rate_limited = method_decorator(
    ratelimit(key="ip", rate=rate("login"), method="POST", block=True), name="post"
)


@method_decorator(never_cache, name="dispatch")
@rate_limited
class TokenView(WagtailAdminTemplateMixin, FormView):
    """A page that asks for a one-time code of ``self.device`` (set in ``dispatch``)."""

    header_icon = "key"
    form_class = TokenForm
    device = None

    def get_form_kwargs(self):
        return {"device": self.device, **super().get_form_kwargs()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=_next_url(self.request), **kwargs)


class VerifyView(TokenView):
    """The one-time code, after Wagtail's password login."""

    template_name = "accounts/two_factor_verify.html"
    page_title = "Xác thực hai bước"

    def dispatch(self, request, *args, **kwargs):
        self.device = confirmed_device(request.user)
        if self.device is None or request.user.is_verified():
            return redirect(_next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        _verified(self.request, self.device)
        return redirect(_next_url(self.request))


class SetupView(TokenView):
    """Scan the QR code (or type the key) into an authenticator app, then confirm a code."""

    template_name = "accounts/two_factor_setup.html"
    page_title = "Thiết lập xác thực hai bước"

    def dispatch(self, request, *args, **kwargs):
        self.active = confirmed_device(request.user)
        self.device = None if self.active else pending_device(request.user)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.active:
            return redirect(request.path)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            active=self.active, required=must_use_two_factor(self.request.user), **kwargs
        )
        if self.device:
            context["secret"] = base64.b32encode(self.device.bin_key).decode()
            context["config_url"] = self.device.config_url
        return context

    def form_valid(self, form):
        self.device.confirmed = True
        self.device.save(update_fields=["confirmed"])
        _verified(self.request, self.device)
        messages.success(self.request, "Đã bật xác thực hai bước cho tài khoản của bạn.")
        return redirect(_next_url(self.request))


@never_cache
def qr_code(request):
    """The set-up QR code as SVG (an image, not inline markup: the admin's CSP stays simple)."""
    if confirmed_device(request.user):
        raise Http404  # the key of a confirmed device is never shown again
    image = qrcode.make(pending_device(request.user).config_url, image_factory=SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


class SvgPathImage(qrcode.image.svg.SvgPathImage):
    background = "white"


def locked_out(request, response, credentials):
    """django-axes' answer once a username is locked for this address (429, in Vietnamese).
    The same page whether or not the username exists."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return TemplateResponse(
        request, "accounts/lockout.html", {"cooloff_minutes": minutes}, status=429
    ).render()


# --- the other doors a password goes through (issue #21, finding 10) ------------------
# Wagtail's front-end login for restricted pages, the page and document password forms and
# the admin's password reset had no limit: 300 page-password guesses at 34/s, 40 reset
# mails in seconds. Each is limited per address, and by what the attacker aims at: the
# username, the restriction (its password), the e-mail address a reset is sent to.


def _posted(field):
    def key(group, request):
        return (request.POST.get(field) or "").strip().lower()[:254]

    return key


def _url_argument(name):
    def key(group, request):
        match = getattr(request, "resolver_match", None)
        return str(match.kwargs.get(name, "")) if match else ""

    return key


def _limited(view, name, *keys):
    for key in ("ip", *keys):
        view = ratelimit(key=key, rate=rate(name), method="POST", block=True)(view)
    return view


def _front_end_login():
    from django.contrib.auth import views as auth_views

    template = getattr(settings, "WAGTAIL_FRONTEND_LOGIN_TEMPLATE", "wagtailcore/login.html")
    return auth_views.LoginView.as_view(template_name=template)


def _page_password(request, page_view_restriction_id, page_id):
    from wagtail.views import authenticate_with_password

    return authenticate_with_password(request, page_view_restriction_id, page_id)


def _document_password(request, restriction_id):
    from wagtail.documents.views.serve import authenticate_with_password

    return authenticate_with_password(request, restriction_id)


def _password_reset():
    from wagtail.admin.views.account import PasswordResetView

    return PasswordResetView.as_view()


rate_limited_front_end_login = _limited(_front_end_login(), "login", _posted("username"))
rate_limited_page_password = _limited(
    _page_password, "page_password", _url_argument("page_view_restriction_id")
)
rate_limited_document_password = _limited(
    _document_password, "page_password", _url_argument("restriction_id")
)
rate_limited_password_reset = _limited(_password_reset(), "password_reset", _posted("email"))
