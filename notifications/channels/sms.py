"""SMS through the province's own HTTP gateway: each province contracts its own provider, so
the URL, method, authentication header and body template are configuration."""

from __future__ import annotations

import json
import unicodedata
import urllib.parse

from notifications.channels.base import Message, Transport, TransportError, http_request
from notifications.channels.zalo import international

SMS_LIMIT = 320  # two concatenated segments of unaccented text


def strip_accents(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


class SmsTransport(Transport):
    channel = "sms"

    @classmethod
    def configured(cls, config) -> bool:
        return bool(config.sms_url)

    def reachable(self, user) -> bool:
        pref = getattr(user, "notification_preference", None)
        return bool(pref and international(pref.phone))

    def render(self, phone: str, text: str) -> tuple[str, bytes | None]:
        template = self.config.sms_body_template or ""
        json_body = "json" in (self.config.sms_content_type or "")
        if self.config.sms_method.upper() == "GET":
            query = template.replace("{phone}", urllib.parse.quote(phone)).replace(
                "{text}", urllib.parse.quote(text)
            )
            separator = "&" if "?" in self.config.sms_url else "?"
            return f"{self.config.sms_url}{separator}{query}", None
        if json_body:
            # substitute JSON-escaped values so a quote in a task title cannot break the body
            escaped_text = json.dumps(text, ensure_ascii=False)[1:-1]
            body = template.replace("{phone}", phone).replace("{text}", escaped_text)
        else:
            body = template.replace("{phone}", urllib.parse.quote(phone)).replace(
                "{text}", urllib.parse.quote(text)
            )
        return self.config.sms_url, body.encode()

    def send(self, user, message: Message) -> None:
        pref = getattr(user, "notification_preference", None)
        phone = international(pref.phone if pref else "")
        if not phone:
            raise TransportError("no phone number", retryable=False)
        text = message.short
        if self.config.sms_strip_accents:
            text = strip_accents(text)
        url, body = self.render(phone, text[:SMS_LIMIT])
        headers = {}
        if body is not None:
            headers["Content-Type"] = self.config.sms_content_type or "application/json"
        if self.config.sms_auth_header and ":" in self.config.sms_auth_header:
            name, value = self.config.sms_auth_header.split(":", 1)
            headers[name.strip()] = value.strip()
        http_request(
            url,
            method=self.config.sms_method.upper(),
            body=body,
            headers=headers,
            timeout=self.config.timeout,
        )
