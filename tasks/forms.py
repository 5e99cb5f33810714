"""Forms for the task pages. They check the input a person can get wrong and hand
the rest to tasks.services, whose ValidationErrors come back as form errors."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tasks.evidence import ACCEPT_ATTRIBUTE, evidence_validate_many, max_bytes
from tasks.models import Task
from tasks.widgets import FastSelect, FastSelectMultiple
from units.models import Unit
from units.selectors import active_units

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
INVALID_DATE = _("Ngày không hợp lệ (nhập dạng dd/mm/yyyy).")


class DateInput(forms.DateInput):
    """A dd/mm/yyyy text box. A browser's type="date" shows the order of the computer's
    locale, which on many office machines is the US mm/dd/yyyy; ISO dates are still accepted."""

    input_type = "text"

    def __init__(self, **kwargs):
        attrs = {
            "class": "form-control",
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "autocomplete": "off",
        }
        super().__init__(format="%d/%m/%Y", attrs=attrs, **kwargs)


def date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": INVALID_DATE, "required": _("Vui lòng nhập ngày.")},
        **kwargs,
    )


def reason_field(label=None, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label or _("Lý do"),
        required=required,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        error_messages={"required": _("Vui lòng nêu lý do.")},
    )


class MultipleFileInput(forms.FileInput):
    """Several files at once. Evidence is only ever added, never replaced, so the widget has
    no "clear" checkbox (ClearableFileInput rendered one only for an initial file, which these
    forms never have, through a template of its own: the plain input costs far less)."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked for type, content and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"class": "form-control", "accept": ACCEPT_ATTRIBUTE})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            files = [single(item, initial) for item in data if item]
        else:
            files = [single(data, initial)] if data else []
        evidence_validate_many(files)
        return files


def evidence_field() -> MultipleFileField:
    from django.template.defaultfilters import filesizeformat

    return MultipleFileField(
        label=_("Tài liệu kiểm chứng"),
        required=False,
        help_text=_("PDF, Word, Excel, PowerPoint hoặc ảnh; tối đa %(size)s mỗi tệp.")
        % {"size": filesizeformat(max_bytes())},
    )


def _active_units():
    return active_units().only("id", "name", "short_name", "is_active")


def cooperating_units_field(*, size: int) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"),
        required=False,
        queryset=_active_units(),
        widget=FastSelectMultiple(attrs={"class": "form-select", "size": size}),
    )


def title_field() -> forms.CharField:
    return forms.CharField(
        label=_("Tên nhiệm vụ"), max_length=500, widget=forms.TextInput(attrs={"class": "form-control"})
    )


def description_field(*, rows: int) -> forms.CharField:
    return forms.CharField(
        label=_("Nội dung chi tiết"),
        required=False,
        widget=forms.Textarea(attrs={"rows": rows, "class": "form-control"}),
    )


class VersionedForm(forms.Form):
    """Carries the task version the page was built from (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def add_service_error(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, exc)


class ProgressForm(VersionedForm):
    percent = forms.IntegerField(
        label=_("Tiến độ (%)"),
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"class": "form-control", "min": 0, "max": 100, "step": 5}),
        error_messages={
            # formatted with %(limit_value)s by Django, hence the doubled percent sign
            "min_value": _("Tiến độ phải từ 0 đến 100%%."),
            "max_value": _("Tiến độ phải từ 0 đến 100%%."),
            "invalid": _("Tiến độ phải là một số từ 0 đến 100."),
        },
    )
    note = forms.CharField(
        label=_("Nội dung báo cáo"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={"required": _("Vui lòng nhập nội dung báo cáo.")},
    )
    files = evidence_field()


class ContributionForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Đơn vị phối hợp"),
        queryset=Unit.objects.none(),
        empty_label=None,
        widget=FastSelect(attrs={"class": "form-select"}),
    )
    note = forms.CharField(
        label=_("Ý kiến / kết quả phối hợp"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={"required": _("Vui lòng nhập nội dung.")},
    )
    files = evidence_field()

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk
            self.fields["unit"].widget = forms.HiddenInput()

    add_service_error = VersionedForm.add_service_error


class CompleteForm(VersionedForm):
    completed_on = date_field(_("Ngày hoàn thành"))
    note = forms.CharField(
        label=_("Kết quả thực hiện"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
    files = evidence_field()

    def __init__(self, *args, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.task = task
        self.fields["completed_on"].initial = timezone.localdate()

    def clean_completed_on(self):
        day = self.cleaned_data["completed_on"]
        if day > timezone.localdate():
            raise ValidationError(_("Ngày hoàn thành không thể sau hôm nay."))
        issued = self.task.directive.issued_on if self.task and self.task.directive_id else None
        if issued and day < issued:
            raise ValidationError(
                _("Ngày hoàn thành không thể trước ngày ban hành văn bản (%(date)s).")
                % {"date": issued.strftime("%d/%m/%Y")}
            )
        return day


class ReasonForm(VersionedForm):
    reason = reason_field()


class DeadlineForm(VersionedForm):
    deadline = date_field(_("Thời hạn mới"))
    reason = reason_field()


class ReassignForm(VersionedForm):
    lead_unit = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì mới"),
        queryset=_active_units(),
        widget=FastSelect(attrs={"class": "form-select"}),
        error_messages={"required": _("Vui lòng chọn đơn vị chủ trì.")},
    )
    cooperating_units = cooperating_units_field(size=8)
    reason = reason_field()


class AssignForm(VersionedForm):
    assignee = forms.ModelChoiceField(
        label=_("Chuyên viên thực hiện"),
        queryset=None,
        required=False,
        empty_label=_("— Chưa phân công —"),
        widget=FastSelect(attrs={"class": "form-select"}),
    )
    note = reason_field(_("Ghi chú"), required=False)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = members
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.username


class EditForm(VersionedForm):
    title = title_field()
    description = description_field(rows=4)
    cooperating_units = cooperating_units_field(size=8)
    reason = reason_field(_("Lý do sửa"), required=False)


class ExtensionRequestForm(forms.Form):
    requested_deadline = date_field(_("Đề nghị gia hạn đến ngày"))
    reason = reason_field(_("Lý do xin gia hạn"))

    add_service_error = VersionedForm.add_service_error


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=pgettext_lazy("extension decision", "Quyết định"),
        choices=[("approve", _("Đồng ý gia hạn")), ("reject", _("Không đồng ý"))],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Vui lòng chọn đồng ý hoặc không đồng ý.")},
    )
    deadline = date_field(
        _("Gia hạn đến ngày (nếu khác ngày đề nghị)"),
        required=False,
        help_text=_("Để trống: gia hạn đến ngày đề nghị. Ngày khác (sớm hơn hoặc muộn hơn) cần ghi lý do."),
    )
    note = reason_field(_("Ý kiến, lý do"), required=False)

    add_service_error = VersionedForm.add_service_error


class BulkForm(forms.Form):
    ACTIONS = [("reassign", _("Giao lại đơn vị chủ trì")), ("shift", _("Dời thời hạn"))]

    action = forms.ChoiceField(
        label=_("Thao tác"),
        choices=ACTIONS,
        widget=FastSelect(attrs={"class": "form-select form-select-sm"}),
    )
    lead_unit = forms.TypedChoiceField(
        label=_("Đơn vị chủ trì mới"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=FastSelect(attrs={"class": "form-select form-select-sm"}),
    )
    days = forms.IntegerField(
        label=_("Số ngày dời (âm: sớm hơn)"),
        required=False,
        min_value=-365,
        max_value=365,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
        error_messages={
            "min_value": _("Chỉ dời tối đa 365 ngày."),
            "max_value": _("Chỉ dời tối đa 365 ngày."),
        },
    )
    reason = forms.CharField(
        label=_("Lý do"),
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
        error_messages={"required": _("Vui lòng nêu lý do.")},
    )
    tasks = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())
    scope = forms.ChoiceField(
        choices=[("selected", _("Các nhiệm vụ đã chọn")), ("all", _("Tất cả nhiệm vụ theo bộ lọc"))],
        initial="selected",
        widget=forms.RadioSelect,
        label=_("Áp dụng cho"),
    )

    def __init__(self, *args, unit_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        # a flat (id, name) list: stored as is, like TaskFilterSet does (no normalising per request)
        field = self.fields["lead_unit"]
        field._choices = field.widget._choices = [("", "—"), *unit_choices]
        # Any integers are accepted here; the view intersects them with the filtered list.
        self.fields["tasks"].valid_value = lambda value: str(value).isdigit()

    def clean_lead_unit(self):
        pk = self.cleaned_data.get("lead_unit")
        if pk is None:
            return None
        unit = Unit.objects.filter(pk=pk, is_active=True).first()
        if unit is None:
            raise ValidationError(_("Đơn vị này đã ngừng hoạt động."))
        return unit

    def clean(self):
        data = super().clean()
        if data.get("action") == "reassign" and not data.get("lead_unit"):
            self.add_error("lead_unit", _("Vui lòng chọn đơn vị chủ trì mới."))
        if data.get("action") == "shift" and not data.get("days"):
            self.add_error("days", _("Nhập số ngày dời (khác 0)."))
        if data.get("scope") == "selected" and not data.get("tasks") and not self.errors.get("tasks"):
            self.add_error(None, _("Chưa chọn nhiệm vụ nào."))
        return data


class TaskCreateForm(forms.Form):
    """Văn phòng assigns a task by hand: from a meeting, a phone call, or a clause the parser missed."""

    title = title_field()
    description = description_field(rows=3)
    directive = forms.ModelChoiceField(
        label=_("Theo văn bản"),
        required=False,
        queryset=None,
        empty_label=_("— Không thuộc văn bản nào —"),
        widget=FastSelect(attrs={"class": "form-select"}),
    )
    lead_unit = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì"),
        queryset=_active_units(),
        empty_label=_("— Chọn đơn vị —"),
        widget=FastSelect(attrs={"class": "form-select"}),
        error_messages={"required": _("Vui lòng chọn đơn vị chủ trì.")},
    )
    cooperating_units = cooperating_units_field(size=6)
    kind = forms.ChoiceField(
        label=_("Loại nhiệm vụ"),
        choices=[
            (Task.Kind.ONCE.value, Task.Kind.ONCE.label),
            (Task.Kind.CONTINUOUS.value, Task.Kind.CONTINUOUS.label),
        ],
        initial=Task.Kind.ONCE.value,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    deadline = date_field(_("Thời hạn"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from directives.models import Directive

        self.fields["directive"].queryset = Directive.objects.only(
            "pk", "kind", "number", "symbol", "subject", "issued_on"
        ).order_by("-issued_on", "-pk")
        self.fields["directive"].label_from_instance = lambda d: f"{d} – {d.subject[:80]}"

    def clean(self):
        data = super().clean()
        kind, deadline, directive = data.get("kind"), data.get("deadline"), data.get("directive")
        if kind == Task.Kind.ONCE and not deadline and "deadline" not in self.errors:
            self.add_error(
                "deadline", _("Nhiệm vụ có thời hạn cần có ngày hết hạn (hoặc chọn loại “Thường xuyên”).")
            )
        if kind == Task.Kind.CONTINUOUS:
            data["deadline"] = None
        if deadline and directive and directive.issued_on and deadline < directive.issued_on:
            self.add_error(
                "deadline",
                _("Thời hạn không thể trước ngày ban hành văn bản (%(date)s).")
                % {"date": directive.issued_on.strftime("%d/%m/%Y")},
            )
        return data
