"""Who must use two-factor authentication, and the user's authenticator device.

Administrators (superusers) and the approvers of any unit must, when
``PORTAL_TWO_FACTOR_REQUIRED`` is on; anyone else may turn it on, and once they have a
confirmed device they are asked for a code at every login too.
"""

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from units.models import UnitAccess

DEVICE_NAME = "Ứng dụng xác thực"


def is_privileged(user):
    return user.is_superuser or UnitAccess.objects.filter(approvers__user=user).exists()


def must_use_two_factor(user):
    return bool(settings.PORTAL_TWO_FACTOR_REQUIRED) and is_privileged(user)


def confirmed_device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_device(user):
    """The unconfirmed device being set up (created on first visit of the setup page)."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
