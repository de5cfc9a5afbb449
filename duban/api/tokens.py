"""Making, using and revoking personal API tokens."""

import datetime
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duban.api.models import ApiToken

PREFIX = "dbn_"
# last_used_at is written at most this often, so reading the API does not write per request
TOUCH_EVERY = datetime.timedelta(minutes=5)


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def issue_token(user, *, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; the raw token is returned here and never again."""
    if not user.is_authenticated:
        raise PermissionDenied
    name = name.strip()
    if not name or len(name) > 100:
        raise ValidationError(_("请填写令牌用途(100 字以内)"), code="token_name")
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:12], digest=_digest(raw))
    return token, raw


@transaction.atomic
def revoke_token(token: ApiToken, *, actor) -> ApiToken:
    if token.user_id != actor.pk:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def user_for_token(raw: str):
    """The active user a token belongs to, or None."""
    if not raw.startswith(PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(raw), revoked_at=None, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def tokens_of(user):
    return ApiToken.objects.filter(user=user)
