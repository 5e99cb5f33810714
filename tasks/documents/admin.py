"""Templates of the office's documents in the admin: upload one (checked by filling it with real
data first), preview it, go back to the shipped one; and the letters generated (read only)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tasks.documents import services
from tasks.documents.models import DocumentTemplate, ExplanationReply, OfficeLetter
from tasks.documents.preview import sample_context
from tasks.documents.render import TAGS, check_template, render, render_bytes

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class DocumentTemplateForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ["kind", "file", "note", "is_active"]

    def clean(self):
        data = super().clean()
        upload, kind = data.get("file"), data.get("kind")
        if upload and kind and hasattr(upload, "read") and not getattr(upload, "_committed", False):
            if not upload.name.lower().endswith(".docx"):
                raise ValidationError({"file": _("Chỉ nhận tệp Word .docx.")})
            content = upload.read()
            upload.seek(0)
            check_template(kind, content, sample_context(kind))
        return data


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    form = DocumentTemplateForm
    list_display = ["kind", "is_active", "note", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "is_active"]
    readonly_fields = ["tags", "shipped"]
    actions = ["preview", "back_to_shipped"]

    @admin.display(description=_("thẻ dùng được trong mẫu"))
    def tags(self, obj):
        return " · ".join(f"{k.label}: {v}" for k, v in TAGS.items())

    @admin.display(description=_("mẫu gốc"))
    def shipped(self, obj):
        return format_html(
            "{}",
            _(
                "Mẫu gốc nằm trong tasks/documents/shipped/<loại>.docx; tải về, sửa trong Word rồi tải lên ở đây."
            ),
        )

    def save_model(self, request, obj, form, change):
        if obj.is_active:
            DocumentTemplate.objects.filter(kind=obj.kind, is_active=True).exclude(pk=obj.pk).update(
                is_active=False
            )
        if not obj.uploaded_by_id:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Xem thử mẫu đã chọn với dữ liệu thật (.docx)"))
    def preview(self, request, queryset):
        row = queryset.first()
        if row is None:
            return None
        with row.file.open("rb") as handle:
            data = render_bytes(handle.read(), sample_context(row.kind))
        response = HttpResponse(data, content_type=DOCX_MIME)
        response["Content-Disposition"] = f'attachment; filename="xem-thu-{row.kind}.docx"'
        return response

    @admin.action(description=_("Quay lại mẫu gốc cho loại văn bản đã chọn"))
    def back_to_shipped(self, request, queryset):
        kinds = set(queryset.values_list("kind", flat=True))
        for kind in kinds:
            services.template_revert(kind=kind)
        self.message_user(request, _("Đã quay lại mẫu gốc."), messages.SUCCESS)


@admin.register(OfficeLetter)
class OfficeLetterAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "title", "unit", "reply_by", "pdf_status"]
    list_filter = ["kind", "pdf_status"]
    search_fields = ["title", "unit__name"]
    raw_id_fields = ["tasks", "directive", "unit", "created_by"]

    def has_add_permission(self, request):
        return False


@admin.register(ExplanationReply)
class ExplanationReplyAdmin(admin.ModelAdmin):
    list_display = ["letter", "submitted_by", "submitted_at"]

    def has_add_permission(self, request):
        return False


def preview_shipped(kind: str) -> bytes:
    """The shipped template filled with real data (used by tests and the command)."""
    return render(kind, sample_context(kind))
