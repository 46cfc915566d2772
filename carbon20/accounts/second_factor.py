"""Two-factor login (django-otp): a TOTP app as the second factor, ten recovery codes beside it.

Officers, coordinators, consultants and administrators must use it; a company user may. The
password login marks the session as one that still owes its second factor (`REQUIRED`); the
middleware sends such a session to the verification page until django-otp's `login` records
the device that answered. An administrator's reset deletes the devices, which also unverifies
every session that was verified by them.
"""

from base64 import b32encode

import segno
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from carbon20.accounts import audit
from carbon20.accounts.models import Role, User

REQUIRED = "second_factor_required"
RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery"


def is_required(user: User) -> bool:
    """Everyone who works on more than their own company's data must use a second factor."""
    if user.is_superuser or user.is_staff:
        return True
    return user.memberships.exclude(role=Role.COMPANY_USER).exists()


def has_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def mark_login(session, user: User) -> None:
    """Called at every password login: does this session owe a second factor?"""
    session[REQUIRED] = is_required(user) or has_device(user)


def pending_device(user: User) -> TOTPDevice:
    """The device being enrolled: the same secret on every reload of the page until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def secret_of(device: TOTPDevice) -> str:
    """The key as authenticator apps ask for it when typed in by hand (base32)."""
    return b32encode(device.bin_key).decode().rstrip("=")


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// link as an inline SVG: no outside QR service ever sees the secret."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, title=_("QR code for your authenticator app"), dark="#000", light="#fff"
    )


@transaction.atomic
def confirm_enrolment(*, request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the new app with a code it shows; returns the recovery codes (shown once), or
    None when the code is wrong. Earlier devices of the user are replaced."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_token(token.strip()):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = new_recovery_codes(device.user)
    otp_login(request, device)
    request.session[REQUIRED] = True
    return codes


def new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


def verify(*, request, token: str) -> bool:
    """A code from the app or an unused recovery code (which is spent by it)."""
    device = match_token(request.user, token.strip().replace(" ", ""))
    if device is None:
        return False
    otp_login(request, device)
    return True


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user).count()


@transaction.atomic
def reset(*, account: User, by: User) -> int:
    """An administrator removes a user's second factor (a lost phone): the next login enrols
    again. Returns how many devices were removed; the audit log records who did it."""
    removed = 0
    for device in list(devices_for_user(account, confirmed=None)):
        device.delete()
        removed += 1
    audit.record_event(
        instance=account,
        actor=by,
        message="second_factor_reset",
        detail={"devices_removed": removed},
    )
    return removed


def current_code(user: User) -> str | None:
    """The code the user's app shows now; the demo login page and the tests need it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return None
    return code_for(device)


def code_for(device: TOTPDevice, at: float | None = None) -> str:
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if at is not None:
        totp.time = at
    return f"{totp.token():0{device.digits}d}"
