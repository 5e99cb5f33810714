"""The intake through HTTP and its services: submit stores the file and queues the job (run
synchronously here through django-q2's sync mode), the job builds the draft, confirm creates
one directive from the draft and never a second one."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from directives.intake import intake_confirm, intake_process, intake_purge_stale, intake_submit
from directives.models import Clause, Directive, IntakeDraft, Reference
from tasks.models import Task
from tests.directives.builders import CONG_VAN, KE_HOACH, numbered_docx
from tests.factories import DirectiveFactory
from units.models import Unit, UnitGroup

ROLES = ["office", "admin", "chairman", "vice", "head_a", "deputy_a", "specialist_a", "head_b", "nobody"]
ALLOWED = {"office", "admin"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sync_q(monkeypatch):
    """django-q2 runs queued jobs at once, in this process (its sync mode)."""
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", True)


@pytest.fixture
def groups(cast):
    UnitGroup.objects.create(name="UBND các xã, thị trấn", kinds=[Unit.Kind.COMMUNE])


def _submit_paste(client, text, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("directives:intake"), {"text": text})


def _ready_draft(cast, text=CONG_VAN) -> IntakeDraft:
    draft = intake_submit(actor=cast.office, data=None, text=text)
    assert intake_process(draft.pk) == IntakeDraft.Status.READY
    draft.refresh_from_db()
    return draft


# --- submit and read ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_intake_pages_role_matrix(client, cast, role, sync_q, django_capture_on_commit_callbacks):
    draft = _ready_draft(cast)
    client.force_login(cast.users()[role])
    pages = [
        client.get(reverse("directives:intake")),
        client.get(reverse("directives:intake_queue")),
        client.get(reverse("directives:intake_status", args=[draft.pk])),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        submit = client.post(reverse("directives:intake"), {"text": CONG_VAN})
    confirm = client.post(reverse("directives:intake_confirm", args=[draft.pk]))
    if role in ALLOWED:
        assert [p.status_code for p in pages] == [200, 200, 302]
        assert submit.status_code == 302 and confirm.status_code == 302
        assert Directive.objects.count() == 1
    else:
        assert [p.status_code for p in pages] == [403, 403, 403]
        assert submit.status_code == 403 and confirm.status_code == 403
        assert Directive.objects.count() == 0 and IntakeDraft.objects.count() == 1


def test_anonymous_is_sent_to_login(client, db):
    assert client.get(reverse("directives:intake")).status_code == 302
    assert client.get(reverse("directives:intake_queue")).status_code == 302


def test_paste_is_read_in_the_job_and_the_status_page_moves_on(
    client, cast, groups, sync_q, django_capture_on_commit_callbacks
):
    client.force_login(cast.office)
    response = _submit_paste(client, CONG_VAN, django_capture_on_commit_callbacks)
    draft = IntakeDraft.objects.get()
    status_url = reverse("directives:intake_status", args=[draft.pk])
    assert response.status_code == 302 and response.url == status_url
    assert draft.status == IntakeDraft.Status.READY and draft.channel == IntakeDraft.Channel.PASTE
    assert Directive.objects.count() == 0  # nothing is created before confirmation
    data = draft.data
    assert data["meta"]["number"] == "0417" and data["meta"]["symbol"] == "UBND-VP"
    assert data["meta"]["kind"] == "cong_van" and data["meta"]["issued_on"] == "2025-05-09"
    labels = {c["id"]: c["label"] for c in data["clauses"]}
    assert any(label.startswith("2") for label in labels.values())
    rows = data["rows"]
    assert [r["id"] for r in rows] == [f"r{i}" for i in range(1, len(rows) + 1)]
    assert all(r["clause_id"] in labels for r in rows if r["source"] == "body")
    commune_rows = [r for r in rows if cast.commune.pk in r["lead_unit_ids"]]
    assert commune_rows and all(r["include"] for r in commune_rows)
    unresolved = [r for r in rows if r["unresolved"]]
    assert unresolved and all("lead_missing" in r["flags"] for r in unresolved if not r["lead_unit_ids"])
    assert data["text_excerpt"].startswith("ỦY BAN") or "Rà soát" in data["text_excerpt"]
    assert default_storage.exists(data["text_file"])
    # the status page sends the browser on to the review; htmx gets an HX-Redirect
    page = client.get(status_url)
    assert page.status_code == 302 and page.url == reverse("directives:review", args=[draft.pk])
    poll = client.get(status_url, headers={"HX-Request": "true"})
    assert poll.status_code == 204 and poll["HX-Redirect"] == reverse("directives:review", args=[draft.pk])


def test_status_page_polls_while_reading(client, cast):
    draft = intake_submit(actor=cast.office, data=b"some text", filename="a.txt")  # job not run
    client.force_login(cast.office)
    page = client.get(reverse("directives:intake_status", args=[draft.pk])).content.decode()
    assert "Đang chờ đọc" in page and 'hx-trigger="every 1500ms"' in page
    assert "bộ xử lý nền có thể chưa chạy" not in page
    IntakeDraft.objects.filter(pk=draft.pk).update(created_at=draft.created_at - dt.timedelta(minutes=5))
    page = client.get(reverse("directives:intake_status", args=[draft.pk])).content.decode()
    assert "bộ xử lý nền có thể chưa chạy" in page  # queued for 5 minutes: the worker is not running
    IntakeDraft.objects.filter(pk=draft.pk).update(status=IntakeDraft.Status.OCR)
    poll = client.get(reverse("directives:intake_status", args=[draft.pk]), headers={"HX-Request": "true"})
    assert "Đang nhận dạng" in poll.content.decode() and "<html" not in poll.content.decode()
    IntakeDraft.objects.filter(pk=draft.pk).update(
        status=IntakeDraft.Status.FAILED, error_message="Tệp hỏng."
    )
    poll = client.get(reverse("directives:intake_status", args=[draft.pk]), headers={"HX-Request": "true"})
    assert poll["HX-Redirect"] == reverse("directives:intake_status", args=[draft.pk])  # the full page
    page = client.get(poll["HX-Redirect"]).content.decode()
    assert '<h1 class="h3 mb-3">Không đọc được văn bản</h1>' in page and "Tệp hỏng." in page


def test_upload_docx_is_stored_through_storage_and_read(
    client, cast, sync_q, django_capture_on_commit_callbacks
):
    client.force_login(cast.office)
    upload = SimpleUploadedFile("kh.docx", numbered_docx(), content_type="application/octet-stream")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("directives:intake"), {"file": upload})
    draft = IntakeDraft.objects.get()
    assert draft.source_kind == "docx" and draft.source_file.name.startswith("intake/")
    assert draft.status == "ready" and draft.data["meta"]["symbol"] == "KH-UBND"


@pytest.mark.parametrize(
    ("payload", "name", "message"),
    [
        (b"khong phai docx", "x.docx", "Word"),
        (b"%PDF-1.4\nrac", "x.pdf", "PDF"),
    ],
)
def test_unreadable_file_fails_with_its_message_and_keeps_nothing(
    client, cast, sync_q, django_capture_on_commit_callbacks, payload, name, message
):
    client.force_login(cast.office)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("directives:intake"), {"file": SimpleUploadedFile(name, payload)})
    draft = IntakeDraft.objects.get()
    assert draft.status == "failed" and message in draft.error_message
    assert not draft.source_file and draft.data == {}
    page = client.get(reverse("directives:intake_status", args=[draft.pk])).content.decode()
    assert "Không đọc được văn bản" in page and message in page
    assert Directive.objects.count() == 0


def test_empty_upload_shows_one_message(client, cast):
    client.force_login(cast.office)
    response = client.post(reverse("directives:intake"), {"file": SimpleUploadedFile("x.docx", b"")})
    body = response.content.decode()
    assert response.status_code == 400
    shown = body.count(">Tệp rỗng, không có nội dung để đọc.<")  # element text, not the JS attribute
    assert shown == 1 and ">Vui lòng chọn tệp" not in body
    assert IntakeDraft.objects.count() == 0


def test_neither_file_nor_text(client, cast):
    client.force_login(cast.office)
    response = client.post(reverse("directives:intake"), {})
    assert response.status_code == 400 and response.content.decode().count(">Vui lòng chọn tệp") == 1


def test_file_over_the_limit_is_refused_on_the_server_and_the_page_tells_the_browser(
    client, cast, monkeypatch
):
    from directives import forms

    monkeypatch.setattr(forms, "MAX_FILE_BYTES", 10)
    client.force_login(cast.office)
    page = client.get(reverse("directives:intake")).content.decode()
    assert 'data-max-bytes="' in page and "js/intake_upload.js" in page
    response = client.post(reverse("directives:intake"), {"file": SimpleUploadedFile("a.txt", b"x" * 11)})
    assert response.status_code == 400 and "vượt quá dung lượng" in response.content.decode()
    assert IntakeDraft.objects.count() == 0


def test_job_runs_twice_with_one_effect(cast):
    draft = intake_submit(actor=cast.office, data=None, text=CONG_VAN)
    assert intake_process(draft.pk) == "ready"
    draft.refresh_from_db()
    first = draft.data
    assert intake_process(draft.pk) == "ready"  # a second delivery: nothing to do
    draft.refresh_from_db()
    assert draft.data == first


def test_day_off_policy_applies_to_row_deadlines(cast, settings):
    settings.DONDOC = {**settings.DONDOC, "DEADLINE_ON_DAY_OFF": "previous_working_day"}
    text = CONG_VAN.replace("trước ngày 30/5/2025", "trước ngày 31/5/2025")  # a Saturday
    draft = _ready_draft(cast, text)
    deadlines = {r["deadline"] for r in draft.data["rows"]}
    assert "2025-05-30" in deadlines and "2025-05-31" not in deadlines


# --- confirm ----------------------------------------------------------------------------------


def test_confirm_creates_directive_clauses_references_and_tasks_from_the_draft(
    cast, groups, django_capture_on_commit_callbacks
):
    cited = DirectiveFactory(number="88", symbol="KH-UBND", issued_on=dt.date(2025, 2, 20))
    draft = _ready_draft(cast)
    data = draft.data
    # the review's edits are what counts: a changed subject, one row excluded, one re-assigned
    data["meta"]["subject"] = "Trích yếu đã sửa"
    data["meta"]["urgency"] = "khan"
    data["meta"]["instruction"] = "Giao Văn phòng theo dõi"
    for row in data["rows"]:
        row["include"] = False
    chosen = data["rows"][0]
    chosen.update(
        include=True, title="Rà soát hồ sơ (đã sửa)", lead_unit_ids=[cast.unit_b.pk], deadline="2025-06-15"
    )
    data["whole_document"] = {
        "lead_unit_ids": [cast.unit_a.pk],
        "coop_unit_ids": [cast.unit_b.pk],
        "deadline": "2025-06-20",
        "instruction": "Tham mưu",
    }
    IntakeDraft.objects.filter(pk=draft.pk).update(data=data)
    draft.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        directive, created = intake_confirm(draft=draft, actor=cast.office)
    assert created
    assert (directive.subject, directive.urgency, directive.instruction) == (
        "Trích yếu đã sửa",
        "khan",
        "Giao Văn phòng theo dõi",
    )
    assert directive.number == "0417" and directive.source_file and "Rà soát" in directive.full_text
    assert directive.clauses.count() == len(data["clauses"])
    assert Reference.objects.get(directive=directive, number="88").target == cited
    tasks = list(directive.tasks.order_by("pk"))
    assert len(tasks) == 2
    assert (tasks[0].title, tasks[0].lead_unit, tasks[0].deadline) == (
        "Rà soát hồ sơ (đã sửa)",
        cast.unit_b,
        dt.date(2025, 6, 15),
    )
    clause = {c["id"]: c for c in data["clauses"]}[chosen["clause_id"]]
    assert tasks[0].clause.label == clause["label"] and tasks[0].clause.text == clause["text"]
    assert (
        tasks[1].lead_unit == cast.unit_a and tasks[1].clause is None and tasks[1].description == "Tham mưu"
    )
    assert list(tasks[1].cooperating_units.all()) == [cast.unit_b]
    draft.refresh_from_db()
    assert draft.status == "confirmed" and draft.directive == directive
    assert not default_storage.exists(data["text_file"])  # taken over by the directive


def test_clause_parents_come_from_the_draft(cast):
    draft = _ready_draft(cast, KE_HOACH)
    directive, _created = intake_confirm(draft=draft, actor=cast.office)
    by_id = {c["id"]: c for c in draft.data["clauses"]}
    child = next(c for c in draft.data["clauses"] if c["parent"])
    saved = Clause.objects.get(directive=directive, order=draft.data["clauses"].index(child) + 1)
    assert saved.parent.label == by_id[child["parent"]]["label"]


def test_confirm_twice_gives_the_same_directive(client, cast, groups):
    draft = _ready_draft(cast)
    client.force_login(cast.office)
    first = client.post(reverse("directives:intake_confirm", args=[draft.pk]), {"version": draft.version})
    second = client.post(reverse("directives:intake_confirm", args=[draft.pk]), {"version": draft.version})
    directive = Directive.objects.get()
    assert first.url == second.url == directive.get_absolute_url()
    page = client.get(second.url).content.decode()
    assert "đã được tạo trước đó" in page
    assert Task.objects.filter(directive=directive).count() == len(directive.tasks.all())
    count = Task.objects.count()
    directive_again, created = intake_confirm(draft=draft, actor=cast.office)
    assert directive_again == directive and not created and Task.objects.count() == count


def test_stale_version_is_refused_and_nothing_is_created(cast):
    draft = _ready_draft(cast)
    IntakeDraft.objects.filter(pk=draft.pk).update(version=draft.version + 1)
    from directives.intake import DraftChanged

    with pytest.raises(DraftChanged):
        intake_confirm(draft=draft, actor=cast.office, expected_version=draft.version)
    assert Directive.objects.count() == 0
    assert IntakeDraft.objects.get(pk=draft.pk).status == "ready"


def test_a_row_without_lead_unit_rolls_everything_back(cast):
    from django.core.exceptions import ValidationError

    draft = _ready_draft(cast)
    data = draft.data
    data["rows"][0].update(include=True, lead_unit_ids=[])
    IntakeDraft.objects.filter(pk=draft.pk).update(data=data)
    draft.refresh_from_db()
    with pytest.raises(ValidationError, match="chưa có đơn vị chủ trì"):
        intake_confirm(draft=draft, actor=cast.office)
    assert Directive.objects.count() == 0 and Task.objects.count() == 0 and Clause.objects.count() == 0
    draft.refresh_from_db()
    assert draft.status == "ready" and draft.directive is None  # the claim rolled back too


def test_duplicate_is_refused_unless_allowed(cast):
    from directives.intake import DuplicateDirective

    DirectiveFactory(
        number="0417", symbol="UBND-VP", issuer="UBND huyện Trà Bồng", issued_on=dt.date(2025, 5, 9)
    )
    draft = _ready_draft(cast)
    with pytest.raises(DuplicateDirective):
        intake_confirm(draft=draft, actor=cast.office, allow_duplicate=False)
    assert Directive.objects.count() == 1
    _directive, created = intake_confirm(draft=draft, actor=cast.office, allow_duplicate=True)
    assert created and Directive.objects.count() == 2


def test_failed_or_reading_draft_cannot_be_confirmed(cast):
    from directives.intake import DraftNotReady

    draft = intake_submit(actor=cast.office, data=b"x", filename="x.txt")
    with pytest.raises(DraftNotReady):
        intake_confirm(draft=draft, actor=cast.office)
    assert Directive.objects.count() == 0


def test_four_tabs_confirming_the_same_draft_create_one_directive(cast, groups):
    """Four copies of the draft loaded before anyone confirmed (tabs, retries): one directive."""
    draft = _ready_draft(cast)
    copies = [IntakeDraft.objects.get(pk=draft.pk) for _ in range(4)]
    results = [
        intake_confirm(draft=copy, actor=cast.office, expected_version=copy.version) for copy in copies
    ]
    assert [created for _d, created in results] == [True, False, False, False]
    assert Directive.objects.count() == 1 and {d.pk for d, _c in results} == {Directive.objects.get().pk}
    assert Task.objects.count() == len(results[0][0]._created_tasks)


@pytest.mark.django_db(transaction=True)
def test_four_concurrent_confirms_create_one_directive(cast, groups):
    """Four threads at once (PostgreSQL, or SQLite on a file: in-memory SQLite locks tables)."""
    draft = _ready_draft(cast)
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("in-memory SQLite has table locks, not busy waits; run with a file or PostgreSQL")
    results, errors = [], []
    barrier = threading.Barrier(4)

    def confirm():
        from django.db import connections

        try:
            barrier.wait()
            results.append(intake_confirm(draft=IntakeDraft.objects.get(pk=draft.pk), actor=cast.office))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert Directive.objects.count() == 1
    assert sorted(created for _d, created in results) == [False, False, False, True]
    assert {d.pk for d, _c in results} == {Directive.objects.get().pk}
    assert (
        Task.objects.count() == len([r for r in draft.data["rows"] if r["include"]])
        or Task.objects.count() >= 1
    )


# --- queue and purge --------------------------------------------------------------------------


def test_queue_lists_the_office_drafts_of_every_channel(client, cast, django_assert_max_num_queries):
    def make(n):
        for i in range(n):
            d = intake_submit(actor=cast.office, data=f"văn bản {i}".encode(), filename=f"vb-{i}.txt")
            if i % 3 == 1:
                IntakeDraft.objects.filter(pk=d.pk).update(status="failed", error_message="Tệp hỏng")
            if i % 3 == 2:
                IntakeDraft.objects.filter(pk=d.pk).update(channel="api", created_by=None)

    client.force_login(cast.office)
    make(3)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("directives:intake_queue")).content.decode()
    assert (
        "vb-0.txt" in page and "Tệp hỏng" in page and "Kết nối phần mềm" in page
    )  # channel (column and creator)
    ready = _ready_draft(cast)
    page = client.get(reverse("directives:intake_queue")).content.decode()
    assert "0417/UBND-VP" in page and ready.data["meta"]["subject"][:40] in page
    make(26)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("directives:intake_queue")).content.decode()
    assert page.count("<tr>") == 31


def test_purge_deletes_stale_unconfirmed_drafts_and_their_files(cast, settings, time_machine):  # noqa: ARG001
    settings.INTAKE_DRAFT_KEEP_DAYS = 14
    time_machine.move_to(dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC))
    old = _ready_draft(cast)
    confirmed = _ready_draft(cast)
    intake_confirm(draft=confirmed, actor=cast.office)
    files = [old.source_file.name, old.data["text_file"]]
    assert all(default_storage.exists(f) for f in files)
    time_machine.move_to(dt.datetime(2026, 1, 10, 9, tzinfo=dt.UTC))
    fresh = intake_submit(actor=cast.office, data=b"x", filename="x.txt")
    assert intake_purge_stale() == 0
    time_machine.move_to(dt.datetime(2026, 1, 16, 9, tzinfo=dt.UTC))
    assert intake_purge_stale() == 1
    assert intake_purge_stale() == 0  # a rerun has nothing more to do
    assert set(IntakeDraft.objects.values_list("pk", flat=True)) == {confirmed.pk, fresh.pk}
    assert not any(default_storage.exists(f) for f in files)
    assert Directive.objects.count() == 1


def test_purge_is_scheduled():
    from notifications.schedules import SCHEDULES

    assert any(s.func == "directives.jobs.intake_purge_stale" for s in SCHEDULES)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fmt", ["auto", "json"])
def test_drafts_are_left_out_of_backups(cast, settings, tmp_path, fmt):
    import io

    from django.core.management import call_command

    from config.backup import read_manifest

    settings.VAR_DIR = tmp_path
    confirmed = _ready_draft(cast)
    directive, _created = intake_confirm(draft=confirmed, actor=cast.office)
    pending = _ready_draft(cast)
    assert default_storage.exists(pending.source_file.name)
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive, format=fmt, stdout=io.StringIO())
    manifest = read_manifest(archive)
    assert manifest["files"] and not any(name.startswith("intake/") for name in manifest["files"])
    assert any(name.startswith("directives/") for name in manifest["files"])
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(archive), stdout=io.StringIO())
    assert IntakeDraft.objects.count() == 0  # neither the pending draft nor the confirmed one's row
    assert Directive.objects.get().number == directive.number
