"""The bell's pages: the list, mark read (POST, htmx or plain form), preferences."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from notifications import selectors, services
from notifications.forms import PreferenceForm


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
    form = PreferenceForm(request.POST or None, instance=pref)
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_update(
                user=request.user,
                email_enabled=form.cleaned_data["email_enabled"],
                digest_time=form.cleaned_data["digest_time"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu tùy chọn nhận thông báo."))
            return _back(request, default="units:profile")
    status = 400 if request.method == "POST" else 200
    return render(request, "notifications/preferences.html", {"form": form}, status=status)
