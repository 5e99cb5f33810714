from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import NotificationPreference


class PreferenceForm(forms.ModelForm):
    digest_time = forms.TimeField(
        label=_("Giờ nhận thư tổng hợp"),
        input_formats=["%H:%M", "%H:%M:%S", "%Hh%M", "%Hh"],
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time", "class": "form-control"}),
        help_text=_(
            "Mỗi ngày làm việc bạn nhận tối đa một thư, liệt kê mọi nhắc việc của mình. "
            "Nhắc việc được tổng hợp lúc 07:00: chọn giờ sớm hơn thì thư đến lúc 07:00."
        ),
        error_messages={"invalid": _("Nhập giờ theo dạng HH:MM, ví dụ 07:30.")},
    )

    class Meta:
        model = NotificationPreference
        fields = ["email_enabled", "digest_time"]
        labels = {"email_enabled": _("Nhận nhắc việc qua thư điện tử")}
        widgets = {
            "email_enabled": forms.CheckboxInput(attrs={"class": "form-check-input", "role": "switch"})
        }
