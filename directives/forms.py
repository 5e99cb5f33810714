from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from directives.models import Directive
from directives.parsing.readers import MAX_FILE_BYTES
from units.models import Unit
from units.selectors import active_units

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]


class IntakeForm(forms.Form):
    """Step 1: a file (.docx, .pdf, .txt, and what directives.arrival reads) or pasted text.
    The size is checked in the browser before sending (static/js/intake_upload.js reads
    ``data-max-bytes``) and again here."""

    EMPTY = _("Vui lòng chọn tệp hoặc dán nội dung văn bản.")
    TOO_LARGE = _("Tệp vượt quá dung lượng cho phép (20 MB).")

    file = forms.FileField(
        label=_("Tệp văn bản (.docx, .pdf, .txt)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".docx,.pdf,.txt,.doc,.rtf,.odt,.edxml,.xml",
                "data-max-bytes": str(MAX_FILE_BYTES),
                "data-too-large": TOO_LARGE,
                "data-empty": _("Tệp rỗng, không có nội dung để đọc."),
            }
        ),
        error_messages={"empty": _("Tệp rỗng, không có nội dung để đọc.")},
    )
    text = forms.CharField(
        label=_("Hoặc dán nội dung văn bản"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )

    def clean(self):
        data = super().clean()
        if self.has_error("file"):
            return data  # one message for a bad file (e.g. empty), not a second one below
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if not upload and not text:
            raise forms.ValidationError(self.EMPTY, code="empty")
        if upload and text:
            raise forms.ValidationError(_("Chỉ chọn một trong hai: tải tệp lên hoặc dán nội dung."))
        if upload and upload.size > MAX_FILE_BYTES:
            self.add_error("file", forms.ValidationError(self.TOO_LARGE, code="too_large"))
        return data


class DirectiveMetaForm(forms.ModelForm):
    """Step 2: the parsed metadata, editable."""

    issued_on = forms.DateField(label=_("Ngày ban hành"), required=False, input_formats=DATE_FORMATS)
    received_on = forms.DateField(label=_("Ngày đến"), required=False, input_formats=DATE_FORMATS)
    confirm_duplicate = forms.BooleanField(
        label=_("Tôi biết văn bản này đã có trong hệ thống, vẫn nhập"), required=False
    )

    class Meta:
        model = Directive
        fields = [
            "kind",
            "number",
            "symbol",
            "issuer",
            "place",
            "issued_on",
            "received_on",
            "incoming_number",
            "subject",
            "signer",
            "signer_title",
        ]
        widgets = {"subject": forms.Textarea(attrs={"rows": 2})}


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class TaskDraftForm(forms.Form):
    """Step 2: one task candidate, editable."""

    include = forms.BooleanField(label=_("Tạo nhiệm vụ"), required=False)
    clause = forms.CharField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    lead_units = UnitMultipleChoiceField(
        label=_("Đơn vị chủ trì"), queryset=Unit.objects.none(), required=False
    )
    cooperating_units = UnitMultipleChoiceField(
        label=_("Đơn vị phối hợp"), queryset=Unit.objects.none(), required=False
    )
    deadline = forms.DateField(
        label=_("Thời hạn"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    deadline_text = forms.CharField(label=_("Thời hạn theo văn bản"), required=False, max_length=255)
    recurrence = forms.CharField(label=_("Tần suất"), required=False, max_length=64)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = units if units is not None else active_units()
        self.fields["lead_units"].queryset = queryset
        self.fields["cooperating_units"].queryset = queryset

    def clean(self):
        data = super().clean()
        if data.get("include") and not data.get("lead_units"):
            self.add_error("lead_units", _("Chọn ít nhất một đơn vị chủ trì cho nhiệm vụ được tạo."))
        return data


class BaseTaskDraftFormSet(forms.BaseFormSet):
    def __init__(self, *args, units=None, **kwargs):
        self.units = units
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["units"] = self.units
        return kwargs


TaskDraftFormSet = forms.formset_factory(TaskDraftForm, formset=BaseTaskDraftFormSet, extra=0)
