from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tasks.forms import date_field


class ReminderLetterForm(forms.Form):
    task = forms.TypedMultipleChoiceField(coerce=int, label=_("Nhiệm vụ đôn đốc"), choices=())
    one_per_unit = forms.TypedChoiceField(
        label=_("Soạn"),
        choices=[("0", _("Một công văn gửi các đơn vị")), ("1", _("Mỗi đơn vị một công văn"))],
        coerce=lambda v: v == "1",
        initial="0",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    reply_by = date_field(_("Hạn báo cáo kết quả"), required=False)
    directive = forms.TypedChoiceField(
        label=_("Đính kèm vào văn bản (không bắt buộc)"), coerce=int, required=False, choices=()
    )

    def __init__(self, *args, task_choices=(), directive_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].choices = task_choices
        self.fields["task"].error_messages["required"] = _("Chọn ít nhất một nhiệm vụ để đôn đốc.")
        self.fields["directive"].choices = [("", "—"), *directive_choices]
        self.fields["directive"].widget.attrs["class"] = "form-select"


class ExplanationRequestForm(forms.Form):
    unit = forms.IntegerField(widget=forms.HiddenInput)
    threshold = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=365)
    reply_by = date_field(_("Hạn gửi giải trình"))


class ExplanationReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung giải trình"),
        widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"}),
        error_messages={"required": _("Nhập nội dung giải trình.")},
    )
    file = forms.FileField(label=_("Văn bản giải trình (PDF, Word, ảnh)"), required=False)


class AttachForm(forms.Form):
    directive = forms.TypedChoiceField(label=_("Văn bản"), coerce=int, choices=())

    def __init__(self, *args, directive_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["directive"].choices = [("", "—"), *directive_choices]
        self.fields["directive"].widget.attrs["class"] = "form-select"
