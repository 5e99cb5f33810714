"""The fast form renderer writes exactly what Django's widget templates write."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from config.form_renderer import FastRenderer

CHOICES = [
    ("", "— Chọn —"),
    ("a", "Phòng Nội vụ & <Tư pháp>"),
    ("Nhóm xã", [("x1", "Xã Đức Chánh"), ("x2", mark_safe("<b>Xã</b> Đức Lợi"))]),
    (3, 42),
]


class EveryWidgetForm(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"class": "form-control", "placeholder": 'a "b"'}))
    number = forms.IntegerField(widget=forms.NumberInput(attrs={"min": 0, "readonly": True}))
    email = forms.EmailField(required=False)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    day = forms.DateField(widget=forms.DateInput(format="%d/%m/%Y", attrs={"disabled": False}))
    flag = forms.BooleanField(required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    empty_note = forms.CharField(required=False, widget=forms.Textarea)
    one = forms.ChoiceField(choices=CHOICES, widget=forms.Select(attrs={"class": "form-select"}))
    many = forms.MultipleChoiceField(choices=CHOICES)
    upload = forms.FileField(required=False)
    split = forms.SplitDateTimeField(required=False)  # a multi-widget: still templated
    radio = forms.ChoiceField(choices=CHOICES[:2], widget=forms.RadioSelect, required=False)


DATA = {
    "text": "<script>alert('x')</script> & “ngoặc”",
    "number": "7",
    "password": "bí mật",
    "hidden": '"quoted"',
    "day": "08/11/2022",
    "flag": "on",
    "note": "Dòng 1\n<Dòng 2>",
    "one": "x2",
    "many": ["a", "3"],
}


@pytest.mark.parametrize("data", [None, DATA], ids=["unbound", "bound"])
def test_every_widget_renders_as_django_templates_do(data):
    fast = EveryWidgetForm(data, renderer=FastRenderer())
    slow = EveryWidgetForm(data, renderer=DjangoTemplates())
    for name in EveryWidgetForm.base_fields:
        assert str(fast[name]) == str(slow[name]), name


def test_initial_values_and_escaping():
    form = EveryWidgetForm(
        initial={"day": dt.date(2025, 7, 1), "number": 1200, "text": mark_safe("<i>an toàn</i>")},
        renderer=FastRenderer(),
    )
    reference = EveryWidgetForm(
        initial={"day": dt.date(2025, 7, 1), "number": 1200, "text": mark_safe("<i>an toàn</i>")},
        renderer=DjangoTemplates(),
    )
    assert str(form["day"]) == str(reference["day"])
    assert 'value="01/07/2025"' in str(form["day"])
    assert str(form["text"]) == str(reference["text"])
    assert str(form["number"]) == str(reference["number"])


def test_select_escapes_labels_and_marks_the_chosen_option():
    html = str(EveryWidgetForm(DATA, renderer=FastRenderer())["one"])
    assert "Phòng Nội vụ &amp; &lt;Tư pháp&gt;" in html
    assert '<optgroup label="Nhóm xã">' in html
    assert '<option value="x2" selected><b>Xã</b> Đức Lợi</option>' in html


def test_the_project_uses_it():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FastRenderer)
