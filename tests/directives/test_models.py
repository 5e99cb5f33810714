"""Directive.get_kind_display looks one label up; it must say what Django's does."""

from __future__ import annotations

import pytest
from django.db.models import Model
from django.utils import translation

from directives.models import Directive


@pytest.mark.parametrize("language", ["vi", "en"])
def test_kind_label_is_djangos_in_every_language(language):
    with translation.override(language):
        for kind in [*Directive.Kind.values, "không-phải-loại"]:
            directive = Directive(kind=kind, number="12", symbol="KH-UBND")
            django_label = Model._get_FIELD_display(directive, Directive._meta.get_field("kind"))
            assert directive.get_kind_display() == django_label, kind
            assert str(directive) == f"{django_label} 12/KH-UBND"
