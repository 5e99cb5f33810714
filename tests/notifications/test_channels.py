"""Zalo, Web Push and SMS reminders against local fake servers (no network): one message per
person, channel and day; a failing channel is retried and recorded without blocking the others;
a rerun sends nothing twice; the Zalo webhook refuses a forged secret."""

from __future__ import annotations

import base64
import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from notifications import delivery, services
from notifications.channels import config as channel_config
from notifications.channels import registry
from notifications.channels.secrets import decrypt, encrypt
from notifications.channels.sms import strip_accents
from notifications.models import (
    ChannelDelivery,
    ChannelEndpoint,
    ChannelLinkCode,
    ChannelSettings,
    Notification,
    NotificationPreference,
)
from tests.factories import TaskFactory
from tests.notifications.fakes import FakeServer

D = dt.date
DAY = D(2026, 3, 10)  # a Tuesday; the task below is due on Friday 13/03 (3 working days)
BOT_TOKEN = "1234567890:bot-token-for-tests"
SECRET = "webhook-secret-for-tests"


@pytest.fixture
def fake():
    server = FakeServer().start()
    yield server
    server.stop()


@pytest.fixture
def sms_fake():
    server = FakeServer().start()
    yield server
    server.stop()


@pytest.fixture
def channels(db, settings, fake, sms_fake):
    settings.ZALO_BOT_API = fake.url
    settings.CHANNEL_HTTP_TIMEOUT = 1.0
    row = ChannelSettings.current()
    row.zalo_bot_token = encrypt(BOT_TOKEN)
    row.zalo_webhook_secret = encrypt(SECRET)
    row.sms_url = f"{sms_fake.url}/send"
    row.sms_auth_header = encrypt("Authorization: Bearer sms-key")
    row.save()
    return row


@pytest.fixture
def due_task(cast):
    return TaskFactory(
        title="Báo cáo kết quả CCHC quý I",
        lead_unit=cast.unit_a,
        assignee=cast.specialist_a,
        deadline=D(2026, 3, 13),
    )


def _wants(user, *, zalo=False, sms=False, push=False, phone="0912345678", **extra):
    NotificationPreference.objects.update_or_create(
        user=user,
        defaults={"zalo_enabled": zalo, "sms_enabled": sms, "push_enabled": push, "phone": phone, **extra},
    )
    if zalo:
        ChannelEndpoint.objects.create(user=user, channel="zalo", address=f"chat-{user.pk}")


def _scan(at, hour=7, minute=5):
    with at(DAY, hour, minute):
        services.reminder_scan(deliver=False)
        return delivery.channel_digests_deliver()


def test_a_days_scan_delivers_once_per_person_and_channel(cast, due_task, at, channels, fake, sms_fake):
    _wants(cast.specialist_a, zalo=True, sms=True)
    result = _scan(at)
    assert result.sent == {"zalo": 1, "sms": 1}
    [zalo] = fake.requests
    assert zalo.path == f"/bot{BOT_TOKEN}/sendMessage"
    body = zalo.json()
    assert body["chat_id"] == f"chat-{cast.specialist_a.pk}"
    assert "Báo cáo kết quả CCHC quý I" in body["text"] and "13/03/2026" in body["text"]
    assert due_task.get_absolute_url() in body["text"]  # one item: the link opens that task
    [sms] = sms_fake.requests
    assert sms.headers["Authorization"] == "Bearer sms-key"
    sent = sms.json()
    assert sent["to"] == "84912345678" and "Bao cao ket qua CCHC" in sent["message"]  # unaccented
    # a rerun (same day, later) sends nothing twice
    with at(DAY, 9, 0):
        again = delivery.channel_digests_deliver()
    assert again.sent == {} and len(fake.requests) == 1 and len(sms_fake.requests) == 1
    assert ChannelDelivery.objects.filter(status=ChannelDelivery.Status.SENT).count() == 2


def test_a_failing_channel_is_retried_and_recorded_without_blocking_the_others(
    cast, due_task, at, channels, fake, sms_fake
):
    _wants(cast.specialist_a, zalo=True, sms=True)
    sms_fake.answer(503, b"gateway down")
    result = _scan(at)
    assert result.sent == {"zalo": 1} and result.failed == {"sms": 1}
    row = ChannelDelivery.objects.get(channel="sms")
    assert row.status == ChannelDelivery.Status.FAILED and row.attempts == 1 and "503" in row.error
    with at(DAY, 7, 20):  # the next run (every 15 minutes) retries the SMS only
        retry = delivery.channel_digests_deliver()
    assert retry.sent == {"sms": 1}
    row.refresh_from_db()
    assert row.status == ChannelDelivery.Status.SENT and row.attempts == 2 and row.error == ""
    assert len(fake.requests) == 1 and len(sms_fake.requests) == 2


def test_retries_are_bounded(cast, due_task, at, channels, sms_fake):
    _wants(cast.specialist_a, sms=True)
    sms_fake.answer(500, b"", times=10)
    _scan(at)
    for minute in (20, 35, 50, 55):
        with at(DAY, 7, minute):
            delivery.channel_digests_deliver()
    row = ChannelDelivery.objects.get(channel="sms")
    assert row.attempts == delivery.MAX_ATTEMPTS and row.status == ChannelDelivery.Status.FAILED
    assert len(sms_fake.requests) == delivery.MAX_ATTEMPTS


def test_timeout_and_rate_limit_are_recorded_and_retryable(cast, due_task, at, channels, fake, sms_fake):
    _wants(cast.specialist_a, zalo=True, sms=True)
    fake.answer(200, {"ok": True}, delay=2.5)  # longer than CHANNEL_HTTP_TIMEOUT
    sms_fake.answer(429, b"slow down", headers={"Retry-After": "60"})
    result = _scan(at)
    assert result.failed == {"zalo": 1, "sms": 1}
    errors = dict(ChannelDelivery.objects.values_list("channel", "error"))
    assert "timeout" in errors["zalo"] and "429" in errors["sms"] and "60" in errors["sms"]
    assert set(ChannelDelivery.objects.values_list("attempts", flat=True)) == {1}


def test_a_blocked_bot_unlinks_the_chat_and_is_not_retried(cast, due_task, at, channels, fake):
    _wants(cast.specialist_a, zalo=True)
    fake.answer(200, {"ok": False, "error_code": 403, "description": "user blocked the bot"})
    _scan(at)
    row = ChannelDelivery.objects.get(channel="zalo")
    assert row.status == ChannelDelivery.Status.FAILED and row.attempts == delivery.MAX_ATTEMPTS
    assert not ChannelEndpoint.objects.get(user=cast.specialist_a, channel="zalo").is_active


def test_quiet_hours_and_digest_time_hold_a_message_back(cast, due_task, at, channels, fake):
    _wants(
        cast.specialist_a,
        zalo=True,
        digest_time=dt.time(7, 0),
        quiet_start=dt.time(6, 0),
        quiet_end=dt.time(8, 0),
    )
    assert _scan(at).sent == {}
    assert not ChannelDelivery.objects.exists()
    with at(DAY, 8, 5):
        assert delivery.channel_digests_deliver().sent == {"zalo": 1}


def test_escalation_reaches_the_chairman_on_his_channel(cast, at, channels, fake):
    TaskFactory(title="Việc quá hạn lâu", lead_unit=cast.unit_a, deadline=D(2026, 2, 2))
    _wants(cast.chairman, zalo=True)
    _scan(at)
    kinds = set(Notification.objects.filter(recipient=cast.chairman).values_list("kind", flat=True))
    assert Notification.Kind.ESCALATION in kinds
    [message] = [r.json() for r in fake.requests if r.json()["chat_id"] == f"chat-{cast.chairman.pk}"]
    assert "Việc quá hạn lâu" in message["text"] and "quá hạn" in message["text"]
    assert "/thong-bao/" in message["text"]  # several items: the link opens the list


def test_unconfigured_channels_are_not_offered(cast, client):
    assert registry.available() == {}
    client.force_login(cast.specialist_a)
    html = client.get(reverse("units:profile")).content.decode()
    assert "Zalo" not in html and "push-enable" not in html and 'name="sms_enabled"' not in html


def test_profile_offers_configured_channels_and_validates_the_phone(cast, client, channels):
    client.force_login(cast.specialist_a)
    html = client.get(reverse("units:profile")).content.decode()
    assert 'name="zalo_enabled"' in html and 'name="sms_enabled"' in html and 'name="phone"' in html
    response = client.post(
        reverse("notifications:preferences"),
        {"email_enabled": "on", "digest_time": "07:00", "sms_enabled": "on", "phone": "12ab"},
    )
    assert response.status_code == 400 and "Số điện thoại không hợp lệ" in response.content.decode()
    response = client.post(
        reverse("notifications:preferences"),
        {
            "digest_time": "07:30",
            "sms_enabled": "on",
            "phone": "0912 345 678",
            "quiet_start": "21:00",
            "quiet_end": "06:30",
        },
    )
    assert response.status_code == 302
    pref = NotificationPreference.objects.get(user=cast.specialist_a)
    assert pref.sms_enabled and pref.phone == "0912 345 678" and pref.quiet_start == dt.time(21, 0)
    assert (
        pref.in_quiet_hours(dt.time(23, 0))
        and pref.in_quiet_hours(dt.time(6, 0))
        and not pref.in_quiet_hours(dt.time(7, 0))
    )


# --- Zalo linking and the webhook --------------------------------------------------------------


def _webhook(client, text, *, secret=SECRET, chat="chat-777"):
    payload = {
        "ok": True,
        "result": {
            "event_name": "message.text.received",
            "message": {
                "from": {"id": chat, "display_name": "Nguyễn Văn A"},
                "chat": {"id": chat},
                "text": text,
            },
        },
    }
    headers = {"HTTP_X_BOT_API_SECRET_TOKEN": secret} if secret is not None else {}
    return client.post(
        reverse("notifications:zalo_webhook"), json.dumps(payload), content_type="application/json", **headers
    )


def test_linking_with_the_one_time_code(cast, client, channels, fake):
    client.force_login(cast.specialist_a)
    client.post(reverse("notifications:zalo_link_code"))
    code = ChannelLinkCode.objects.get(user=cast.specialist_a).code
    assert code in client.get(reverse("units:profile")).content.decode()
    client.logout()
    assert _webhook(client, f"Mã của tôi: {code.lower()}").status_code == 200
    endpoint = ChannelEndpoint.objects.get(user=cast.specialist_a, channel="zalo")
    assert endpoint.address == "chat-777" and endpoint.is_active
    assert "Đã liên kết" in fake.requests[-1].json()["text"]
    # the code works once
    assert _webhook(client, code, chat="chat-888").status_code == 200
    assert not ChannelEndpoint.objects.filter(address="chat-888").exists()
    # "hủy" from Zalo unlinks
    _webhook(client, "Hủy")
    endpoint.refresh_from_db()
    assert not endpoint.is_active


@pytest.mark.parametrize("secret", ["wrong-secret", "", None])
def test_a_forged_webhook_is_refused(cast, client, channels, fake, secret):
    code = ChannelLinkCode.objects.create(
        user=cast.specialist_a, code="ABCDEFGH", expires_at=dt.datetime(2099, 1, 1, tzinfo=dt.UTC)
    )
    response = _webhook(client, code.code, secret=secret)
    assert response.status_code == 403
    assert not ChannelEndpoint.objects.exists() and fake.requests == []


def test_unlink_from_the_profile(cast, client, channels):
    _wants(cast.specialist_a, zalo=True)
    client.force_login(cast.specialist_a)
    assert client.post(reverse("notifications:zalo_unlink")).status_code == 302
    assert not ChannelEndpoint.objects.filter(is_active=True).exists()


def test_channel_writes_need_a_signed_in_user(client, channels):
    for name in ("zalo_link_code", "zalo_unlink", "push_subscribe", "push_unsubscribe"):
        response = client.post(reverse(f"notifications:{name}"))
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"], name


# --- Web Push ------------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.fixture
def vapid(db, settings):
    from cryptography.hazmat.primitives import serialization
    from py_vapid import Vapid02

    keys = Vapid02()
    keys.generate_keys()
    public = keys.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    private = keys.private_key.private_numbers().private_value.to_bytes(32, "big")
    row = ChannelSettings.current()
    row.vapid_public_key = _b64(public)
    row.vapid_private_key = encrypt(_b64(private))
    row.vapid_subject = "mailto:quantri@example.vn"
    row.save()
    return row


def _browser_subscription(client, endpoint: str):
    """What a browser posts after pushManager.subscribe(): its own key pair and auth secret."""
    import os

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    private = ec.generate_private_key(ec.SECP256R1())
    public = private.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    auth = os.urandom(16)
    data = {"endpoint": endpoint, "keys": {"p256dh": _b64(public), "auth": _b64(auth)}}
    assert (
        client.post(
            reverse("notifications:push_subscribe"), json.dumps(data), content_type="application/json"
        ).status_code
        == 200
    )
    return private, auth


def test_push_is_encrypted_for_the_browser_and_opens_the_list(cast, due_task, at, client, vapid, fake):
    import http_ece

    client.force_login(cast.specialist_a)
    private, auth = _browser_subscription(client, f"{fake.url}/push/abc")
    _wants(cast.specialist_a, push=True)
    fake.answer(201, b"")
    assert _scan(at).sent == {"push": 1}
    [request] = fake.requests
    assert request.path == "/push/abc" and request.headers["Authorization"].startswith("vapid t=")
    plain = http_ece.decrypt(request.body, private_key=private, auth_secret=auth, version="aes128gcm")
    shown = json.loads(plain)
    assert "Báo cáo kết quả CCHC quý I" in shown["body"] and shown["url"].endswith(
        due_task.get_absolute_url()
    )


def test_an_expired_push_subscription_is_dropped(cast, due_task, at, client, vapid, fake):
    client.force_login(cast.specialist_a)
    _browser_subscription(client, f"{fake.url}/push/gone")
    _wants(cast.specialist_a, push=True)
    fake.answer(410, b"")
    _scan(at)
    assert not ChannelEndpoint.objects.get(channel="push").is_active
    row = ChannelDelivery.objects.get(channel="push")
    assert row.status == ChannelDelivery.Status.FAILED and row.attempts == delivery.MAX_ATTEMPTS


def test_a_bad_subscription_is_refused(cast, client, vapid):
    client.force_login(cast.specialist_a)
    response = client.post(
        reverse("notifications:push_subscribe"),
        json.dumps({"endpoint": "javascript:x"}),
        content_type="application/json",
    )
    assert response.status_code == 400 and not ChannelEndpoint.objects.exists()


# --- ZNS ---------------------------------------------------------------------------------------


def test_zns_refreshes_an_expired_token_and_sends_the_template(cast, due_task, at, settings, fake):
    settings.ZNS_API = fake.url
    settings.ZALO_OAUTH_URL = f"{fake.url}/oauth"
    row = ChannelSettings.current()
    row.zns_app_id = "app-1"
    row.zns_secret_key = encrypt("app-secret")
    row.zns_access_token = encrypt("old-token")
    row.zns_refresh_token = encrypt("refresh-1")
    row.zns_template_id = "2468"
    row.save()
    _wants(cast.specialist_a, zalo=True)
    ChannelEndpoint.objects.all().delete()  # ZNS needs no chat, only the phone number
    fake.answer(200, {"error": -124, "message": "Access token is invalid"})
    fake.answer(200, {"access_token": "new-token", "refresh_token": "refresh-2", "expires_in": "90000"})
    fake.answer(200, {"error": 0, "message": "Success", "data": {"msg_id": "1"}})
    assert _scan(at).sent == {"zns": 1}
    first, refresh, second = fake.requests
    assert first.headers["access_token"] == "old-token"
    assert (
        refresh.path == "/oauth"
        and b"refresh_token=refresh-1" in refresh.body
        and refresh.headers["secret_key"] == "app-secret"
    )
    assert second.headers["access_token"] == "new-token"
    sent = second.json()
    assert sent["phone"] == "84912345678" and sent["template_id"] == "2468"
    assert sent["template_data"]["task"] == "Báo cáo kết quả CCHC quý I"
    row.refresh_from_db()
    assert row.zns_access_token.startswith("enc:") and decrypt(row.zns_access_token) == "new-token"


# --- SMS templates, notify_test, secrets, PWA ------------------------------------------------------


def test_sms_json_body_escapes_quotes_and_get_template_is_url_encoded(cast, settings, sms_fake):
    row = ChannelSettings.current()
    row.sms_url = f"{sms_fake.url}/gui"
    row.sms_method = "GET"
    row.sms_body_template = "to={phone}&msg={text}"
    row.save()
    _wants(cast.specialist_a, sms=True)
    call_command("notify_test", "specialist_a", "--channel", "sms", stdout=StringIO())
    [request] = sms_fake.requests
    assert request.method == "GET" and request.path.startswith("/gui?to=84912345678&msg=Don%20doc")
    assert strip_accents('Đôn đốc "quá hạn"') == 'Don doc "qua han"'


def test_notify_test_explains_an_unconfigured_channel(cast):
    with pytest.raises(CommandError, match="not configured"):
        call_command("notify_test", "specialist_a", "--channel", "zalo", stdout=StringIO())


def test_secrets_are_stored_encrypted_and_never_shown_back(cast, client, channels):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("quantri", "qt@example.vn", "pass-1234")
    client.force_login(admin)
    url = reverse("admin:notifications_channelsettings_change", args=[channels.pk])
    html = client.get(url).content.decode()
    assert (
        BOT_TOKEN not in html and SECRET not in html and "••••••••ests" in html
    )  # the last 4 characters only
    assert ChannelSettings.objects.get().zalo_bot_token.startswith("enc:")
    assert channel_config.current().zalo_bot_token == BOT_TOKEN


def test_environment_wins_over_the_stored_token(channels, monkeypatch):
    monkeypatch.setenv("ZALO_BOT_TOKEN", "from-the-environment")
    assert channel_config.current().zalo_bot_token == "from-the-environment"


def test_pwa_files_are_public(client):
    manifest = client.get("/manifest.webmanifest")
    assert manifest.status_code == 200 and manifest["Content-Type"].startswith("application/manifest+json")
    data = manifest.json()
    assert data["display"] == "standalone" and {i["sizes"] for i in data["icons"]} >= {"192x192", "512x512"}
    worker = client.get("/sw.js")
    assert worker.status_code == 200 and worker["Service-Worker-Allowed"] == "/"
    assert b"notificationclick" in worker.content and b"/offline/" in worker.content
    assert client.get("/offline/").status_code == 200


def test_vapid_keys_command_prints_a_usable_pair():
    out = StringIO()
    call_command("vapid_keys", stdout=out)
    lines = dict(line.split("=", 1) for line in out.getvalue().split())
    public = base64.urlsafe_b64decode(lines["VAPID_PUBLIC_KEY"] + "==")
    assert len(public) == 65 and public[0] == 4  # an uncompressed P-256 point
    assert len(base64.urlsafe_b64decode(lines["VAPID_PRIVATE_KEY"] + "==")) == 32
