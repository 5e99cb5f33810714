"""API tokens of the e-office systems that push incoming documents (issue 14.6).

A token is 32 random bytes (URL-safe base64, prefixed ``dd_``); only its SHA-256 is stored, with
the first characters kept to recognise it in the admin. It is shown once, when the client is
created. Comparing hashes looked up by a unique index leaks nothing useful through timing: the
attacker would need a SHA-256 preimage.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from directives.models import ApiClient

logger = logging.getLogger("dondoc.api")

TOKEN_PREFIX = "dd_"
# last_used_at is written at most this often per client (a busy connector must not write per call)
LAST_USED_RESOLUTION_S = 60


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


@transaction.atomic
def api_client_create(*, name: str, user: Any = None, actor: Any = None) -> tuple[ApiClient, str]:
    """A new client and its token (the only time the token is available)."""
    token = new_token()
    client = ApiClient(name=name.strip(), user=user, token_hash=token_hash(token), token_prefix=token[:10])
    client.full_clean()
    client.save()
    logger.info("API client %s (%s) created by user %s", client.pk, client.name, getattr(actor, "pk", None))
    return client, token


def api_client_set_token(*, client: ApiClient) -> str:
    """A fresh token for an existing client (the old one stops working at once)."""
    token = new_token()
    client.token_hash = token_hash(token)
    client.token_prefix = token[:10]
    if client.pk:
        ApiClient.objects.filter(pk=client.pk).update(
            token_hash=client.token_hash, token_prefix=client.token_prefix
        )
    logger.info("API client %s got a new token", client.pk)
    return token


def api_client_revoke(*, client: ApiClient, actor: Any = None) -> ApiClient:
    now = timezone.now()
    ApiClient.objects.filter(pk=client.pk).update(is_active=False, revoked_at=now)
    client.is_active, client.revoked_at = False, now
    logger.info("API client %s (%s) revoked by user %s", client.pk, client.name, getattr(actor, "pk", None))
    return client


def api_client_authenticate(*, token: str) -> ApiClient | None:
    """The active client holding ``token``, with last_used_at brought up to date; else None."""
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    client = (
        ApiClient.objects.select_related("user").filter(token_hash=token_hash(token), is_active=True).first()
    )
    if client is None:
        return None
    now = timezone.now()
    if client.last_used_at is None or (now - client.last_used_at).total_seconds() >= LAST_USED_RESOLUTION_S:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
    return client
