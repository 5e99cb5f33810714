from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.channels.zalo import international
from notifications.models import NotificationPreference

SWITCH = {"class": "form-check-input", "role": "switch"}
TIME_FORMATS = ["%H:%M", "%H:%M:%S", "%Hh%M", "%Hh"]


def _time_field(label):
    return forms.TimeField(
        label=label,
        required=False,
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time", "class": "form-control"}),
        error_messages={"invalid": _("Nhập giờ theo dạng HH:MM, ví dụ 07:30.")},
    )


class PreferenceForm(forms.ModelForm):
    """E-mail and digest time for everyone; a switch per configured channel (Zalo, push, SMS),
    the phone number when a channel needs it, and quiet hours when any channel is offered."""

    digest_time = forms.TimeField(
        label=_("Giờ nhận thư tổng hợp"),
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time", "class": "form-control"}),
        help_text=_(
            "Mỗi ngày làm việc bạn nhận tối đa một thư, liệt kê mọi nhắc việc của mình. "
            "Nhắc việc được tổng hợp lúc 07:00: chọn giờ sớm hơn thì thư đến lúc 07:00."
        ),
        error_messages={"invalid": _("Nhập giờ theo dạng HH:MM, ví dụ 07:30.")},
    )
    quiet_start = _time_field(_("Không làm phiền từ"))
    quiet_end = _time_field(_("đến"))

    class Meta:
        model = NotificationPreference
        fields = ["email_enabled", "digest_time", "zalo_enabled", "push_enabled", "sms_enabled", "phone"]
        labels = {"email_enabled": _("Nhận nhắc việc qua thư điện tử")}
        widgets = {
            "email_enabled": forms.CheckboxInput(attrs=SWITCH),
            "zalo_enabled": forms.CheckboxInput(attrs=SWITCH),
            "push_enabled": forms.CheckboxInput(attrs=SWITCH),
            "sms_enabled": forms.CheckboxInput(attrs=SWITCH),
            "phone": forms.TextInput(
                attrs={"class": "form-control", "inputmode": "tel", "autocomplete": "tel"}
            ),
        }

    def __init__(self, *args, channels=None, **kwargs):
        super().__init__(*args, **kwargs)
        offered = set(channels or ())
        if not offered & {"zalo", "zns"}:
            del self.fields["zalo_enabled"]
        if "push" not in offered:
            del self.fields["push_enabled"]
        if "sms" not in offered:
            del self.fields["sms_enabled"]
        if not offered & {"sms", "zns"}:
            del self.fields["phone"]
        if not offered:
            del self.fields["quiet_start"], self.fields["quiet_end"]
        self.channel_fields = [
            self[name] for name in ("zalo_enabled", "push_enabled", "sms_enabled") if name in self.fields
        ]

    def clean_phone(self):
        phone = (self.cleaned_data.get("phone") or "").strip()
        if phone and not international(phone):
            raise forms.ValidationError(_("Số điện thoại không hợp lệ, ví dụ 0912345678."))
        return phone

    def clean(self):
        data = super().clean()
        if bool(data.get("quiet_start")) != bool(data.get("quiet_end")):
            self.add_error("quiet_end", _("Nhập cả giờ bắt đầu và giờ kết thúc, hoặc để trống cả hai."))
        return data
