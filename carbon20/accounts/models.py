import uuid
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from carbon20.core.tenancy import Roles
from carbon20.organisations.models import (
    CONSULTING_PARTNER_TYPES,
    Company,
    Municipality,
    Partner,
    Programme,
)


class EmailUserManager(UserManager):
    def _create_user(self, email, password, **extra_fields):  # type: ignore[override]
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):  # type: ignore[override]
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):  # type: ignore[override]
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class Role(models.TextChoices):
    OFFICER = "officer", _("Municipal officer")
    COORDINATOR = "coordinator", _("Programme coordinator")
    CONSULTANT = "consultant", _("Energy consultant")
    COMPANY_USER = "company_user", _("Company user")


class User(AbstractUser):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # The language of the e-mails the platform sends the user; empty means the platform's.
    language = models.CharField(
        _("language of e-mails"), max_length=8, choices=settings.LANGUAGES, blank=True
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @cached_property
    def _memberships(self) -> list[tuple]:
        # One query serves the roles and the names the page header shows beside them.
        return list(
            self.memberships.values_list(
                "role",
                "municipality_id",
                "programme_id",
                "partner_id",
                "company_id",
                "municipality__name",
                "municipality__official_name",
                "programme__name",
                "programme__start_date",
                "partner__name",
                "company__name",
            )
        )

    @property
    def affiliation(self) -> str:
        """Where the user works, as the page header names it: their municipalities,
        programmes, partners and companies, each kind in its own list order."""
        rows = self._memberships
        municipalities = sorted(
            {(m[5], m[6]) for m in rows if m[0] == Role.OFFICER and m[1] is not None}
        )
        programmes = sorted({(m[7], m[8]) for m in rows if m[0] == Role.COORDINATOR and m[2]})
        # Programmes list newest first, then by name.
        programmes.sort(key=lambda programme: programme[1], reverse=True)
        partners = sorted({m[9] for m in rows if m[0] == Role.CONSULTANT and m[3] is not None})
        companies = sorted({m[10] for m in rows if m[0] == Role.COMPANY_USER and m[4]})
        names = [
            Municipality(name=name, official_name=official).display_name
            for name, official in municipalities
        ]
        names += [name for name, _start in programmes] + partners + companies
        return ", ".join(str(name) for name in names)

    @cached_property
    def roles(self) -> Roles:
        memberships = [row[:5] for row in self._memberships]
        programme_ids = frozenset(m[2] for m in memberships if m[0] == Role.COORDINATOR)
        programme_municipality_ids: frozenset[int] = frozenset()
        if programme_ids:
            programme_municipality_ids = frozenset(
                Programme.municipalities.through.objects.filter(
                    programme_id__in=programme_ids
                ).values_list("municipality_id", flat=True)
            )
        return Roles(
            municipality_ids=frozenset(m[1] for m in memberships if m[0] == Role.OFFICER),
            programme_ids=programme_ids,
            partner_ids=frozenset(m[3] for m in memberships if m[0] == Role.CONSULTANT),
            company_ids=frozenset(m[4] for m in memberships if m[0] == Role.COMPANY_USER),
            programme_municipality_ids=programme_municipality_ids,
            is_admin=self.is_superuser,
        )


class Membership(models.Model):
    """One role of a user, tied to the organisation that grants it."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, null=True, blank=True
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, null=True, blank=True
    )
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                name="membership_matches_role",
                condition=(
                    Q(
                        role="officer",
                        municipality__isnull=False,
                        programme__isnull=True,
                        partner__isnull=True,
                        company__isnull=True,
                    )
                    | Q(
                        role="coordinator",
                        municipality__isnull=True,
                        programme__isnull=False,
                        partner__isnull=True,
                        company__isnull=True,
                    )
                    | Q(
                        role="consultant",
                        municipality__isnull=True,
                        programme__isnull=True,
                        partner__isnull=False,
                        company__isnull=True,
                    )
                    | Q(
                        role="company_user",
                        municipality__isnull=True,
                        programme__isnull=True,
                        partner__isnull=True,
                        company__isnull=False,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "municipality", "programme", "partner", "company"],
                name="unique_membership",
            ),
        ]

    def __str__(self) -> str:
        target = self.municipality or self.programme or self.partner or self.company
        return f"{self.user}: {self.get_role_display()} – {target}"

    def clean(self) -> None:
        required = {
            Role.OFFICER: "municipality",
            Role.COORDINATOR: "programme",
            Role.CONSULTANT: "partner",
            Role.COMPANY_USER: "company",
        }
        errors = {}
        needed = required.get(self.role)
        for field_name in required.values():
            value = getattr(self, f"{field_name}_id")
            if field_name == needed and value is None:
                errors[field_name] = _("This role needs a %(field)s.") % {
                    "field": self._meta.get_field(field_name).verbose_name
                }
            elif field_name != needed and value is not None:
                errors[field_name] = _("Leave this empty for the chosen role.")
        if (
            self.role == Role.CONSULTANT
            and self.partner_id
            and self.partner.type not in CONSULTING_PARTNER_TYPES
        ):
            errors["partner"] = _(
                "Energy consultants belong to a consultancy or an energy company."
            )
        if errors:
            raise ValidationError(errors)


class Invitation(models.Model):
    """An officer's offer of a company-user login to a contact person of the company.

    The e-mailed token is kept only as its SHA-256, so a copy of the database opens no
    account. A resend replaces the hash (the old link is dead); accepting or revoking
    closes the invitation for good.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"))
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="invitations"
    )
    contact = models.ForeignKey(
        "organisations.ContactPerson",
        verbose_name=_("contact person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    invited_by = models.ForeignKey(
        User,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"))
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User,
        verbose_name=_("accepted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            # One open invitation per person and company: a second invite is a resend.
            models.UniqueConstraint(
                fields=["company", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_company_and_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.company}"

    def state_at(self, moment) -> "Invitation.State":
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.revoked_at:
            return self.State.REVOKED
        if moment >= self.expires_at:
            return self.State.EXPIRED
        return self.State.PENDING
