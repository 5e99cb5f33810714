"""Zalo: the Zalo Bot Platform (default; a bot token, ``sendMessage`` to a linked chat id) and
Zalo Notification Service (optional; an approved template sent to a phone number with the
Official Account's access token, renewed by its refresh token)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import urllib.parse

from django.utils import timezone

from notifications.channels.base import Message, Transport, TransportError, http_request, post_json

logger = logging.getLogger("dondoc.notifications")

#: Zalo Bot Platform error codes meaning the chat cannot receive from the bot any more
BOT_GONE_CODES = {403}


class ZaloBotTransport(Transport):
    channel = "zalo"

    @classmethod
    def configured(cls, config) -> bool:
        return bool(config.zalo_bot_token)

    def _endpoint(self, user):
        from notifications.models import ChannelEndpoint

        return (
            ChannelEndpoint.objects.filter(user=user, channel=self.channel, is_active=True)
            .order_by("-created_at")
            .first()
        )

    def reachable(self, user) -> bool:
        return self._endpoint(user) is not None

    def api(self, method: str) -> str:
        return f"{self.config.zalo_bot_api.rstrip('/')}/bot{self.config.zalo_bot_token}/{method}"

    def send_text(self, chat_id: str, text: str) -> None:
        answer = post_json(
            self.api("sendMessage"), {"chat_id": chat_id, "text": text[:2000]}, timeout=self.config.timeout
        )
        if not answer.get("ok", False):
            code = answer.get("error_code")
            description = answer.get("description", "")
            raise TransportError(
                f"Zalo Bot error {code}: {description}"[:300],
                retryable=code in (429,) or (isinstance(code, int) and code >= 500),
                unlink=code in BOT_GONE_CODES,
            )

    def send(self, user, message: Message) -> None:
        endpoint = self._endpoint(user)
        if endpoint is None:
            raise TransportError("no linked Zalo chat", retryable=False)
        self.send_text(endpoint.address, f"{message.title}\n{message.text}")


class ZnsTransport(Transport):
    """One ZNS template message per digest; the template (approved by Zalo beforehand) has the
    parameters ``name``, ``count``, ``task``, ``deadline`` and ``url``."""

    channel = "zns"
    #: ZNS answers error -124 when the access token is invalid or expired
    TOKEN_EXPIRED = {-124, -216}

    @classmethod
    def configured(cls, config) -> bool:
        return bool(config.zns_template_id and (config.zns_access_token or config.zns_refresh_token))

    def reachable(self, user) -> bool:
        pref = getattr(user, "notification_preference", None)
        return bool(pref and pref.phone)

    def refresh(self) -> str:
        """A new access token from the refresh token; both are stored (encrypted) for next time."""
        from notifications.channels.secrets import encrypt
        from notifications.models import ChannelSettings

        body = urllib.parse.urlencode(
            {
                "refresh_token": self.config.zns_refresh_token,
                "app_id": self.config.zns_app_id,
                "grant_type": "refresh_token",
            }
        ).encode()
        _status, raw = http_request(
            self.config.zalo_oauth_url,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "secret_key": self.config.zns_secret_key,
            },
            timeout=self.config.timeout,
        )
        answer = json.loads(raw or b"{}")
        token = answer.get("access_token")
        if not token:
            raise TransportError(
                f"ZNS token refresh refused: {answer.get('error_description') or answer}"[:300]
            )
        expires = timezone.now() + dt.timedelta(seconds=int(answer.get("expires_in", 90000)))
        ChannelSettings.objects.filter(key="default").update(
            zns_access_token=encrypt(token),
            zns_refresh_token=encrypt(answer.get("refresh_token") or self.config.zns_refresh_token),
            zns_token_expires_at=expires,
        )
        self.config.zns_access_token = token
        self.config.zns_refresh_token = answer.get("refresh_token") or self.config.zns_refresh_token
        self.config.zns_token_expires_at = expires
        logger.info("ZNS access token refreshed; valid until %s", expires.isoformat())
        return token

    def _token(self) -> str:
        expires = self.config.zns_token_expires_at
        soon = timezone.now() + dt.timedelta(minutes=5)
        if not self.config.zns_access_token or (expires is not None and expires < soon):
            return self.refresh()
        return self.config.zns_access_token

    def _post(self, payload: dict, token: str) -> dict:
        return post_json(
            f"{self.config.zns_api.rstrip('/')}/message/template",
            payload,
            headers={"access_token": token},
            timeout=self.config.timeout,
        )

    def send(self, user, message: Message) -> None:
        pref = getattr(user, "notification_preference", None)
        phone = international(pref.phone if pref else "")
        if not phone:
            raise TransportError("no phone number", retryable=False)
        payload = {
            "phone": phone,
            "template_id": self.config.zns_template_id,
            "template_data": {
                "name": (user.get_full_name() or user.username)[:30],
                "count": str(message.count),
                "task": message.first_title[:100],
                "deadline": message.first_deadline,
                "url": message.url,
            },
            "tracking_id": f"dondoc-{user.pk}-{timezone.localdate():%Y%m%d}",
        }
        answer = self._post(payload, self._token())
        if answer.get("error") in self.TOKEN_EXPIRED and self.config.zns_refresh_token:
            answer = self._post(payload, self.refresh())
        if answer.get("error", 0) != 0:
            raise TransportError(f"ZNS error {answer.get('error')}: {answer.get('message', '')}"[:300])


def international(phone: str) -> str:
    """0912345678 / +84 912 345 678 → 84912345678 (the form ZNS and most SMS gateways take)."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if digits.startswith("0"):
        digits = "84" + digits[1:]
    return digits if 10 <= len(digits) <= 13 else ""
