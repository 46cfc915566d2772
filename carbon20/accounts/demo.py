"""One demo user per role, with fictional names; `make run` prints these logins."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from carbon20.accounts import second_factor
from carbon20.accounts.models import Membership, Role, User
from carbon20.core.demo import DEMO_PASSWORD

# email, first name, last name, title, role, what the membership points at
DEMO_USERS = [
    ("officer@albertslund.demo", "Mette", "Kragh", "Miljømedarbejder", Role.OFFICER, "albertslund"),
    ("officer@herning.demo", "Rasmus", "Eskildsen", "Klimakonsulent", Role.OFFICER, "herning"),
    (
        "coordinator@gate21.demo",
        "Sanne",
        "Bjerregaard",
        "Programkoordinator",
        Role.COORDINATOR,
        None,
    ),
    (
        "consultant@energiraad.demo",
        "Ole",
        "Fenger",
        "Energirådgiver",
        Role.CONSULTANT,
        "Grøn Energirådgivning ApS (fiktiv)",
    ),
    (
        "company@moebelsnedkeri.demo",
        "Karin",
        "Sønderby",
        "Driftschef",
        Role.COMPANY_USER,
        "Vestegnens Møbelsnedkeri ApS",
    ),
]


def load(context: dict) -> None:
    users = {}
    for email, first, last, title, role, target in DEMO_USERS:
        user = User.objects.create_user(
            email, DEMO_PASSWORD, first_name=first, last_name=last, title=title
        )
        membership = Membership(user=user, role=role)
        if role == Role.OFFICER:
            membership.municipality = context["municipalities"][target]
        elif role == Role.COORDINATOR:
            membership.programme = context["programme"]
        elif role == Role.CONSULTANT:
            membership.partner = context["partners"][target]
        else:
            membership.company = next(c for c in context["companies"] if c.name == target)
        membership.full_clean()
        membership.save()
        users[email] = user
    users["admin@carbon20.demo"] = User.objects.create_superuser(
        "admin@carbon20.demo", DEMO_PASSWORD, first_name="Admin", last_name="Istrator"
    )
    # Demo accounts are enrolled at once: `demo_logins` prints each key for an authenticator
    # app, and with DEBUG on the code page of a demo account shows the current code.
    for user in users.values():
        if second_factor.is_required(user):
            TOTPDevice.objects.create(user=user, name=second_factor.APP_DEVICE_NAME, confirmed=True)
    context["users"] = users


def demo_logins() -> list[tuple[str, str, str]]:
    """Role, e-mail and the authenticator key (empty for an account without one)."""
    rows = [(str(role.label), email) for email, _f, _l, _t, role, _x in DEMO_USERS]
    rows.append(("Administrator", "admin@carbon20.demo"))
    keys = {
        device.user.email: second_factor.secret_of(device)
        for device in TOTPDevice.objects.filter(
            user__email__in=[email for _role, email in rows], confirmed=True
        ).select_related("user")
    }
    return [(role, email, keys.get(email, "")) for role, email in rows]
