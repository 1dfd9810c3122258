from django.urls import path, reverse
from wagtail import hooks

from . import views
from .audit import ACTIONS


@hooks.register("register_admin_urls")
def two_factor_urls():
    return [
        path("xac-thuc/", views.VerifyView.as_view(), name="accounts_two_factor_verify"),
        path("xac-thuc/thiet-lap/", views.SetupView.as_view(), name="accounts_two_factor_setup"),
        path("xac-thuc/qr.svg", views.qr_code, name="accounts_two_factor_qr"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": reverse("accounts_two_factor_setup"),
        "label": "Xác thực hai bước",
        "help_text": "Bật mã đăng nhập từ ứng dụng xác thực trên điện thoại.",
    }


@hooks.register("register_log_actions")
def register_account_actions(actions):
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action, label, message)
