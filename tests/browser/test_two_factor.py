"""An approver turns on two-factor login in Debian's chromium and logs in with it again."""

import re

import pytest
from django.test import override_settings
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.conftest import UNIT_PASSWORD, unit_member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def code_for(secret_b32, offset=0):
    import base64

    totp = TOTP(base64.b32decode(secret_b32))
    totp.t0 = 0
    totp.time = totp.time + 30 * offset
    return f"{totp.token():06d}"


@override_settings(PORTAL_TWO_FACTOR_REQUIRED=True)
def test_approver_sets_up_totp_and_logs_in_with_it(page, live_server, district, screenshot):
    approver = unit_member(district, "approver", "duyet-trinh-duyet")

    def password_login():
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", approver.username)
        page.fill("#id_password", UNIT_PASSWORD)
        page.click("button[type=submit]")

    password_login()
    page.wait_for_url(re.compile(r"/admin/xac-thuc/thiet-lap/"))
    assert page.locator("img[alt^='Mã QR']").evaluate("img => img.naturalWidth") > 0
    secret = page.locator("[data-secret]").inner_text().strip()
    screenshot("two-factor-setup")
    page.fill("#id_otp_token", code_for(secret))
    page.get_by_role("button", name="Bật xác thực hai bước").click()
    page.wait_for_url(f"{live_server.url}/admin/")

    # Log out as the sidebar's menu does: a POST with the CSRF token, in the browser's session.
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    page.request.post(f"{live_server.url}/admin/logout/", headers={"X-CSRFToken": token})
    page.goto(f"{live_server.url}/admin/")
    page.wait_for_url(re.compile(r"/admin/login/"))

    password_login()
    page.wait_for_url(re.compile(r"/admin/xac-thuc/\?"))
    page.fill("#id_otp_token", "000000")
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_text("Mã xác thực không đúng")).to_be_visible()
    assert "/admin/xac-thuc/" in page.url

    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=approver).get().throttle_reset()  # after the wrong code
    page.fill("#id_otp_token", code_for(secret, offset=1))  # the set-up code is spent
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.locator("main").is_visible()
    screenshot("two-factor-dashboard")
