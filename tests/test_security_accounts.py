"""Accounts under attack: passwords, brute force, enumeration, sessions, two-factor login.

Lockout (django-axes) and two-factor are off in test settings (other suites use force_login);
each test here turns them on with override_settings.
"""

import datetime
import re
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from .conftest import UNIT_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "mat-khau-quan-tri-12"
LOCKED = "Đăng nhập sai quá nhiều lần"
lockout_on = override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
two_factor_on = override_settings(PORTAL_TWO_FACTOR_REQUIRED=True)


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("quantri", "qt@example.invalid", PASSWORD)


def post_login(client, username, password, ip="192.0.2.10", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def login_errors(response):
    """The error text the login page shows (nothing else varies between attempts)."""
    return re.findall(r'<li class="error">(.*?)</li>', response.text, re.S)


def without_tokens(html):
    return re.sub(r'(CSRF_TOKEN": "|csrfmiddlewaretoken" value=")[^"]+', r"\1", html)


# --- passwords -------------------------------------------------------------------


@pytest.mark.parametrize("password", ["ngan-qua", "password1234", "123456789012345", "quantri2026"])
def test_weak_passwords_are_refused(admin_user, password):
    with pytest.raises(ValidationError):
        validate_password(password, admin_user)


def test_long_uncommon_password_is_accepted(admin_user):
    validate_password("ngay-hoi-dai-doan-ket-2026", admin_user)


# --- brute force -------------------------------------------------------------------


@lockout_on
def test_login_locks_after_the_failure_limit_even_with_the_right_password(client, admin_user):
    for _ in range(2):
        assert post_login(client, "quantri", "sai-mat-khau").status_code == 200
    assert post_login(client, "quantri", "sai-mat-khau").status_code == 429  # the 3rd failure
    response = post_login(client, "quantri", PASSWORD)
    assert response.status_code == 429
    assert LOCKED in response.text
    assert "_auth_user_id" not in client.session


@lockout_on
def test_lockout_is_per_username_and_address(client, admin_user):
    """An attacker elsewhere cannot lock the real administrator out of their own address."""
    for _ in range(3):
        post_login(client, "quantri", "sai-mat-khau", ip="203.0.113.66")
    assert post_login(client, "quantri", PASSWORD, ip="203.0.113.66").status_code == 429
    assert post_login(Client(), "quantri", PASSWORD, ip="192.0.2.10").status_code == 302


@lockout_on
def test_forged_forwarded_for_does_not_reset_the_lockout(client, admin_user):
    for _ in range(3):
        post_login(client, "quantri", "sai-mat-khau")
    response = post_login(client, "quantri", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 429


@lockout_on
def test_unknown_user_and_wrong_password_look_the_same(client, admin_user):
    unknown = post_login(client, "khong-ton-tai", "sai-mat-khau", ip="192.0.2.20")
    wrong = post_login(client, "quantri", "sai-mat-khau", ip="192.0.2.21")
    assert unknown.status_code == wrong.status_code == 200
    assert login_errors(unknown) == login_errors(wrong) != []
    for _ in range(3):
        post_login(client, "khong-ton-tai", "sai-mat-khau", ip="192.0.2.20")
        post_login(client, "quantri", "sai-mat-khau", ip="192.0.2.21")
    locked_unknown = post_login(client, "khong-ton-tai", "x", ip="192.0.2.20")
    locked_known = post_login(client, "quantri", "x", ip="192.0.2.21")
    assert locked_unknown.status_code == locked_known.status_code == 429
    assert without_tokens(locked_unknown.text) == without_tokens(locked_known.text)


@lockout_on
def test_unknown_user_runs_the_password_hasher_too(client, admin_user):
    """No timing oracle: both paths hash the submitted password once (counted, not timed)."""
    original = MD5PasswordHasher.encode
    counts = {}
    for username, ip in (("khong-ton-tai", "192.0.2.30"), ("quantri", "192.0.2.31")):
        with mock.patch.object(
            MD5PasswordHasher, "encode", autospec=True, side_effect=original
        ) as spy:
            post_login(client, username, "sai-mat-khau", ip=ip)
        counts[username] = spy.call_count
    assert counts["khong-ton-tai"] == counts["quantri"] >= 1


# --- sessions --------------------------------------------------------------------


def test_session_key_changes_at_login(client, admin_user):
    """Session fixation: a key planted before login is not the one that is logged in."""
    session = client.session
    session["planted"] = "1"
    session.save()
    planted = session.session_key
    client.cookies["sessionid"] = planted
    assert post_login(client, "quantri", PASSWORD).status_code == 302
    assert client.cookies["sessionid"].value != planted
    assert not Session.objects.filter(session_key=planted).exists()


def test_idle_session_expires_and_each_request_renews_it(client, admin_user, settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert post_login(client, "quantri", PASSWORD).status_code == 302
    key = client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + datetime.timedelta(seconds=5)
    )
    assert client.get("/admin/").status_code == 200
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed > timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_password_change_logs_out_every_other_session(admin_user):
    """Django's session auth hash: a session opened with the old password ends with it."""
    elsewhere = Client()
    elsewhere.force_login(admin_user)
    assert elsewhere.get("/admin/").status_code == 200
    admin_user.set_password("mat-khau-moi-rat-dai-2026")
    admin_user.save()
    stolen = elsewhere.get("/admin/")
    assert stolen.status_code == 302 and stolen["Location"].startswith(LOGIN)
    here = Client()
    assert post_login(here, "quantri", "mat-khau-moi-rat-dai-2026").status_code == 302
    assert here.get("/admin/").status_code == 200


# --- two-factor ------------------------------------------------------------------


def code(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def code_at(device, step_number):
    """The code of one time step, whatever the clock says now."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = step_number * device.step + device.t0
    return f"{totp.token():06d}"


def set_up_device(client):
    page = client.get(reverse("accounts_two_factor_setup"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=page.wsgi_request.user, confirmed=False)
    secret = re.search(r"<code data-secret>([A-Z2-7=]+)</code>", page.text).group(1)
    assert "otpauth://totp/" in page.text
    return device, secret


@two_factor_on
@pytest.mark.parametrize("who", ["superuser", "approver"])
def test_privileged_users_must_set_up_two_factor(client, who, admin_user, unit_approver):
    user = admin_user if who == "superuser" else unit_approver
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts_two_factor_setup"))
    device, _secret = set_up_device(client)
    assert client.get(reverse("accounts_two_factor_qr"))["Content-Type"] == "image/svg+xml"
    wrong = client.post(reverse("accounts_two_factor_setup"), {"otp_token": "000000"})
    assert "Mã xác thực không đúng" in wrong.text
    device.refresh_from_db()
    assert not device.confirmed
    device.throttle_reset()  # the wrong code slowed further tries down, as it should
    before = client.session.session_key
    response = client.post(
        reverse("accounts_two_factor_setup"), {"otp_token": code(device), "next": "/admin/"}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.session.session_key != before
    assert client.get("/admin/").status_code == 200
    # The key is never shown again once confirmed.
    assert client.get(reverse("accounts_two_factor_qr")).status_code == 404


@two_factor_on
def test_login_asks_for_the_code_and_refuses_a_wrong_one(client, admin_user):
    client.force_login(admin_user)
    device, _secret = set_up_device(client)
    setup_token = code(device)
    client.post(reverse("accounts_two_factor_setup"), {"otp_token": setup_token})
    device.refresh_from_db()

    other = Client()
    assert post_login(other, "quantri", PASSWORD).status_code == 302
    response = other.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts_two_factor_verify"))
    # Not even the set-up page (a new device) is reachable before the code.
    assert other.get(reverse("accounts_two_factor_setup")).status_code == 302
    for bad in ("000000", "12345", "abcdef", "１２３４５６", "' OR 1=1"):
        refused = other.post(reverse("accounts_two_factor_verify"), {"otp_token": bad})
        assert refused.status_code == 200 and "Mã xác thực" in refused.text
        assert other.get("/admin/").status_code == 302
    device.refresh_from_db()
    device.throttle_reset()  # the wrong codes above slowed further tries down, as they should
    replayed = other.post(reverse("accounts_two_factor_verify"), {"otp_token": setup_token})
    assert "Mã xác thực không đúng" in replayed.text  # the set-up code cannot be used twice
    device.refresh_from_db()
    device.throttle_reset()
    ok = other.post(  # the step after the set-up code's (the device allows one step of drift)
        reverse("accounts_two_factor_verify"),
        {"otp_token": code_at(device, device.last_t + 1), "next": "/admin/"},
    )
    assert ok.status_code == 302 and ok["Location"] == "/admin/"
    assert other.get("/admin/").status_code == 200


@two_factor_on
def test_wrong_codes_are_throttled(client, admin_user):
    client.force_login(admin_user)
    device, _secret = set_up_device(client)
    client.post(reverse("accounts_two_factor_setup"), {"otp_token": code(device)})
    other = Client()
    other.force_login(admin_user)
    other.post(reverse("accounts_two_factor_verify"), {"otp_token": "000000"})
    device.refresh_from_db()
    response = other.post(reverse("accounts_two_factor_verify"), {"otp_token": code(device, 1)})
    assert "quá nhiều lần" in response.text
    assert other.get("/admin/").status_code == 302


@two_factor_on
def test_editors_may_skip_two_factor_but_not_once_they_turned_it_on(client, unit_editor):
    client.force_login(unit_editor)
    assert client.get("/admin/").status_code == 200
    device, _secret = set_up_device(client)
    client.post(reverse("accounts_two_factor_setup"), {"otp_token": code(device)})
    other = Client()
    other.force_login(unit_editor)
    assert other.get("/admin/")["Location"].startswith(reverse("accounts_two_factor_verify"))


def test_two_factor_enforcement_is_a_setting(client, admin_user, settings):
    assert settings.PORTAL_TWO_FACTOR_REQUIRED is False  # test settings
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200


def test_approver_password_login_through_the_form(client, unit_approver):
    assert post_login(client, unit_approver.username, UNIT_PASSWORD).status_code == 302
    assert get_user_model().objects.get(pk=unit_approver.pk).last_login is not None
