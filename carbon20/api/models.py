import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carbon20.core.models import BaseModel

TOKEN_PREFIX = "c20_"
# Long enough to tell a user's tokens apart on their page, far too short to guess the rest.
DISPLAY_PREFIX_LENGTH = len(TOKEN_PREFIX) + 8


def hash_secret(secret: str) -> str:
    """Tokens are random with 256 bits, so a plain SHA-256 is enough: there is nothing to
    brute-force that a slow hash would protect."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(BaseModel):
    """A personal API token. Only the SHA-256 of the secret is stored; the secret itself is
    shown once, when the token is created."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=DISPLAY_PREFIX_LENGTH)
    secret_hash = models.CharField(_("SHA-256 of the secret"), max_length=64, unique=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @classmethod
    def new_secret(cls) -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at", "updated_at"])
