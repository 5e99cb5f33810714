"""The bell's pages: the list, mark read (POST, htmx or plain form), preferences; the channels'
endpoints (Zalo linking and webhook, Web Push subscriptions) and the PWA files."""

from __future__ import annotations

import json
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from notifications import linking, selectors, services
from notifications.channels import config as channel_config
from notifications.channels import registry
from notifications.channels.base import TransportError
from notifications.channels.zalo import ZaloBotTransport
from notifications.forms import PreferenceForm

logger = logging.getLogger("dondoc.notifications")


def _back(request, default: str = "notifications:list"):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)


class NotificationListView(LoginRequiredMixin, ListView):
    template_name = "notifications/notification_list.html"
    context_object_name = "notifications"
    paginate_by = 30

    def get_queryset(self):
        self.unread_only = self.request.GET.get("loc") == "chua-doc"
        return selectors.notification_list_for(user=self.request.user, unread_only=self.unread_only)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unread_only"] = self.unread_only
        return context


@login_required
@require_POST
def mark_read(request, pk: int):
    notification = selectors.notification_get_for_user(user=request.user, pk=pk)
    services.notification_mark_read(notification=notification)
    if request.htmx:
        return render(
            request,
            "notifications/partials/_row.html",
            {
                "n": notification,
                "notifications_unread": selectors.unread_count(user=request.user),
                "oob": True,
            },
        )
    return _back(request)


@login_required
@require_POST
def mark_all_read(request):
    count = services.notification_mark_all_read(user=request.user)
    if not request.htmx:
        messages.success(request, _("Đã đánh dấu %(count)d thông báo là đã đọc.") % {"count": count})
    return _back(request)


@login_required
def preferences(request):
    """GET shows the form on its own; POST saves it (the profile page embeds the same form)."""
    pref = services.preference_get(user=request.user)
    form = PreferenceForm(request.POST or None, instance=pref, channels=registry.available())
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_update(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu tùy chọn nhận thông báo."))
            return _back(request, default="units:profile")
    status = 400 if request.method == "POST" else 200
    return render(request, "notifications/preferences.html", {"form": form}, status=status)


# --- channels: Zalo linking, Web Push subscriptions, the PWA files ---------------------------


@login_required
@require_POST
def zalo_link_code(request):
    """A fresh one-time code to send to the Zalo bot (shown on the profile page)."""
    if "zalo" not in registry.available():
        raise Http404
    linking.link_code_create(user=request.user)
    messages.info(request, _("Đã tạo mã liên kết Zalo; mã có hiệu lực trong 15 phút."))
    return redirect(f"{reverse('units:profile')}#notification-channels")


@login_required
@require_POST
def zalo_unlink(request):
    linking.zalo_unlink(user=request.user)
    messages.success(request, _("Đã hủy liên kết Zalo; bạn sẽ không nhận nhắc việc qua Zalo nữa."))
    return redirect(f"{reverse('units:profile')}#notification-channels")


@csrf_exempt
@require_POST
def zalo_webhook(request):
    """Events from the Zalo Bot Platform; the secret token header proves they come from Zalo."""
    config = channel_config.current()
    if not config.zalo_bot_token:
        raise Http404
    given = request.headers.get("X-Bot-Api-Secret-Token", "")
    if not linking.secret_matches(given, config.zalo_webhook_secret):
        logger.warning("zalo webhook refused: bad secret token from %s", request.META.get("REMOTE_ADDR"))
        return JsonResponse({"ok": False}, status=403)
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"ok": False, "error": "bad json"}, status=400)
    event = payload.get("result", payload) if isinstance(payload, dict) else {}
    message = event.get("message") or {}
    chat_id = str((message.get("chat") or {}).get("id") or (message.get("from") or {}).get("id") or "")
    if event.get("event_name") != "message.text.received" or not chat_id:
        return JsonResponse({"ok": True})
    user, outcome = linking.zalo_link_from_message(
        chat_id=chat_id,
        text=str(message.get("text") or ""),
        display_name=str((message.get("from") or {}).get("display_name") or ""),
    )
    replies = {
        "linked": _("Đã liên kết Zalo với tài khoản Đôn đốc của %(name)s. Nhắc việc sẽ được gửi tới đây."),
        "unlinked": _("Đã hủy liên kết. Bạn sẽ không nhận nhắc việc qua Zalo nữa."),
        "bad_code": _("Mã liên kết không đúng hoặc đã hết hạn. Hãy lấy mã mới trên trang Hồ sơ của Đôn đốc."),
        "no_code": _("Gửi mã liên kết hiển thị trên trang Hồ sơ của Đôn đốc để nhận nhắc việc tại đây."),
    }
    reply = replies.get(outcome)
    if reply:
        name = (user.get_full_name() or user.username) if user else ""
        try:
            with translation.override("vi"):
                ZaloBotTransport(config).send_text(
                    chat_id, str(reply) % {"name": name} if user else str(reply)
                )
        except TransportError as exc:  # the link stands; the reply is a courtesy
            logger.warning("zalo webhook reply failed: %s", exc)
    return JsonResponse({"ok": True})


@login_required
@require_POST
def push_subscribe(request):
    try:
        data = json.loads(request.body or b"{}")
        linking.push_subscribe(
            user=request.user, subscription=data, label=request.headers.get("User-Agent", "")[:255]
        )
    except (ValueError, ValidationError):
        return JsonResponse({"ok": False, "error": _("Đăng ký nhận thông báo không hợp lệ.")}, status=400)
    return JsonResponse({"ok": True})


@login_required
@require_POST
def push_unsubscribe(request):
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"ok": False}, status=400)
    linking.push_unsubscribe(user=request.user, endpoint=str(data.get("endpoint", "")))
    return JsonResponse({"ok": True})


def service_worker(request):
    """The service worker, served from the site root so it may control every page."""
    path = finders.find("js/sw.js")
    with open(path, "rb") as handle:
        response = HttpResponse(handle.read(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


def manifest(request):
    """The web app manifest: Đôn đốc installs on a phone's home screen (PWA)."""
    data = {
        "name": "Đôn đốc",
        "short_name": "Đôn đốc",
        "description": str(_("Theo dõi, đôn đốc thực hiện nhiệm vụ")),
        "lang": "vi",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5394",
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("icons/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )


def offline(request):
    """What the service worker shows when the network is down."""
    return render(request, "notifications/offline.html")
