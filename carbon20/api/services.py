"""Writes on API tokens, shared by the token pages and the management command."""

from django.db import transaction

from carbon20.api.models import DISPLAY_PREFIX_LENGTH, ApiToken, hash_secret


@transaction.atomic
def create_token(*, user, name: str) -> tuple[ApiToken, str]:
    """Return the new token and its secret; the secret is not stored and cannot be shown
    again."""
    secret = ApiToken.new_secret()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[:DISPLAY_PREFIX_LENGTH],
        secret_hash=hash_secret(secret),
    )
    return token, secret


def revoke_token(token: ApiToken) -> None:
    token.revoke()
