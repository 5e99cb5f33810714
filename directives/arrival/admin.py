"""Admin for the e-office systems' API tokens: created here (the token is shown once, in the
message after saving), revoked with an action or by unticking "đang dùng"."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from directives.arrival.clients import api_client_revoke, api_client_set_token, new_token, token_hash
from directives.models import ApiClient


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["name", "token_prefix", "user", "is_active", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "token_prefix"]
    fields = ["name", "user", "is_active", "token_prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["token_prefix", "created_at", "last_used_at", "revoked_at"]
    raw_id_fields = ["user"]
    actions = ["revoke", "new_tokens"]

    def save_model(self, request, obj, form, change):
        token = None
        if not change:
            token = new_token()
            obj.token_hash = token_hash(token)
            obj.token_prefix = token[:10]
        elif "is_active" in form.changed_data and not obj.is_active:
            super().save_model(request, obj, form, change)
            api_client_revoke(client=obj, actor=request.user)
            return
        super().save_model(request, obj, form, change)
        if token:
            self._show_token(request, obj, token)

    def _show_token(self, request, obj, token: str) -> None:
        messages.warning(
            request,
            _(
                "Mã truy cập của “%(name)s”: %(token)s — chỉ hiển thị một lần này; hãy sao chép và "
                "cấu hình vào phần mềm gửi văn bản ngay."
            )
            % {"name": obj.name, "token": token},
        )

    @admin.action(description=_("Thu hồi mã truy cập"))
    def revoke(self, request, queryset):
        clients = list(queryset.filter(is_active=True))
        for client in clients:
            api_client_revoke(client=client, actor=request.user)
        self.message_user(
            request,
            ngettext("Đã thu hồi %(n)d mã truy cập.", "Đã thu hồi %(n)d mã truy cập.", len(clients))
            % {"n": len(clients)},
        )

    @admin.action(description=_("Cấp mã truy cập mới (mã cũ hết hiệu lực)"))
    def new_tokens(self, request, queryset):
        for client in queryset:
            self._show_token(request, client, api_client_set_token(client=client))
