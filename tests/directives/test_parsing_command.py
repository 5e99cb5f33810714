"""manage.py parse_directive PATH --json: one JSON object, nothing written."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from directives.models import Directive
from tests.directives.builders import CONG_VAN, numbered_docx


@pytest.mark.django_db
def test_prints_one_json_object_and_writes_nothing(tmp_path):
    path = tmp_path / "cv.txt"
    path.write_text(CONG_VAN, encoding="utf-8")
    out = io.StringIO()
    call_command("parse_directive", str(path), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["doc"]["number"] == "0417" and len(data["tasks"]) == 5
    assert Directive.objects.count() == 0


def test_docx_path(tmp_path):
    path = tmp_path / "kh.docx"
    path.write_bytes(numbered_docx())
    out = io.StringIO()
    call_command("parse_directive", str(path), "--json", stdout=out)
    assert json.loads(out.getvalue())["doc"]["symbol"] == "KH-UBND"


def test_human_output(tmp_path):
    path = tmp_path / "cv.txt"
    path.write_text(CONG_VAN, encoding="utf-8")
    out = io.StringIO()
    call_command("parse_directive", str(path), stdout=out)
    assert "Trích yếu: tăng cường" in out.getvalue()


def test_bad_file_is_a_clean_command_error(tmp_path):
    path = tmp_path / "rong.docx"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="rỗng"):
        call_command("parse_directive", str(path), "--json")
