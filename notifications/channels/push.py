"""Web Push (VAPID) to every browser or phone where the user allowed notifications; the service
worker (static/js/sw.js, served at /sw.js) shows it and opens the task list on a tap."""

from __future__ import annotations

import json
import logging

from notifications.channels.base import Message, Transport, TransportError

logger = logging.getLogger("dondoc.notifications")


class WebPushTransport(Transport):
    channel = "push"

    @classmethod
    def configured(cls, config) -> bool:
        return bool(config.vapid_public_key and config.vapid_private_key)

    def _endpoints(self, user):
        from notifications.models import ChannelEndpoint

        return list(ChannelEndpoint.objects.filter(user=user, channel=self.channel, is_active=True))

    def reachable(self, user) -> bool:
        return bool(self._endpoints(user))

    def send(self, user, message: Message) -> None:
        from pywebpush import WebPushException, webpush

        endpoints = self._endpoints(user)
        if not endpoints:
            raise TransportError("no push subscription", retryable=False)
        data = json.dumps(
            {"title": message.title, "body": message.text[:400], "url": message.url}, ensure_ascii=False
        )
        delivered, errors = 0, []
        for endpoint in endpoints:
            try:
                webpush(
                    subscription_info={"endpoint": endpoint.address, "keys": endpoint.keys},
                    data=data,
                    vapid_private_key=self.config.vapid_private_key,
                    vapid_claims={"sub": self.config.vapid_subject or "mailto:admin@localhost"},
                    timeout=self.config.timeout,
                    ttl=24 * 3600,
                )
            except WebPushException as exc:
                status = getattr(exc.response, "status_code", None)
                if status in (404, 410):  # the browser dropped the subscription
                    endpoint.is_active = False
                    endpoint.last_error = f"HTTP {status}: subscription expired"
                    endpoint.save(update_fields=["is_active", "last_error"])
                    logger.info("push subscription %s expired; deactivated", endpoint.pk)
                errors.append(f"HTTP {status}" if status else str(exc)[:200])
            except Exception as exc:  # noqa: BLE001 - network errors of requests: one endpoint fails, try the rest
                errors.append(f"{type(exc).__name__}: {exc}"[:200])
            else:
                delivered += 1
        if not delivered:
            retryable = not all(e in ("HTTP 404", "HTTP 410") for e in errors)
            raise TransportError("; ".join(errors)[:500], retryable=retryable)
