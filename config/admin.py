"""User admin with a bulk "deactivate" action.

A deactivated user can no longer sign in, and an open session stops working at its next
request (ModelBackend refuses inactive users); their history stays.
"""

from __future__ import annotations

import logging

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

logger = logging.getLogger("dondoc.auth")
User = get_user_model()


@admin.action(description=_("Khóa (vô hiệu hóa) các tài khoản đã chọn"), permissions=["change"])
def deactivate_users(modeladmin: admin.ModelAdmin, request, queryset) -> None:
    targets = queryset.filter(is_active=True).exclude(pk=request.user.pk)
    with transaction.atomic():
        ids = set(targets.values_list("pk", flat=True))
        count = User.objects.filter(pk__in=ids).update(is_active=False)
    for pk in sorted(ids):
        logger.info(
            "user deactivated: user=%s by=%s",
            pk,
            request.user.pk,
            extra={"event": "user_deactivated", "user_id": pk, "by": request.user.pk},
        )
    if queryset.filter(pk=request.user.pk).exists():
        modeladmin.message_user(request, _("Không thể tự khóa tài khoản của chính mình."), messages.WARNING)
    modeladmin.message_user(
        request,
        ngettext("Đã khóa %(count)d tài khoản.", "Đã khóa %(count)d tài khoản.", count) % {"count": count},
        messages.SUCCESS,
    )


class DondocUserAdmin(UserAdmin):
    actions = [deactivate_users]
    list_display = ("username", "email", "first_name", "last_name", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff", "is_superuser")


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, DondocUserAdmin)
