"""iCal feeds: content, recurring occurrences, visibility, HTTP caching, RFC 5545 framing."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
import time_machine
from django.urls import NoReverseMatch, reverse
from icalendar import Calendar

from deadlines import feeds
from deadlines.models import CalendarSubscription
from deadlines.selectors import scope_allowed
from deadlines.services import feed_path, subscription_create, subscription_revoke
from tasks.models import Task
from tasks.services import task_progress_record
from tests.factories import ClauseFactory, DirectiveFactory, TaskFactory
from units.models import Membership

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=VN)
TODAY = NOW.date()
Scope = CalendarSubscription.Scope


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def subscribe(user, scope=Scope.MINE, **kwargs) -> str:
    _subscription, token = subscription_create(user=user, scope=scope, **kwargs)
    return feed_path(token)


def fetch(client, path, **headers):
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.content[:200]
    return response


def events_of(response) -> dict[str, object]:
    """{SUMMARY: VEVENT} of a feed, parsed the way a calendar client does."""
    calendar = Calendar.from_ical(response.content)
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def titles(response) -> set[str]:
    return {summary.split("] ", 1)[1] for summary in events_of(response)}


@pytest.fixture
def district(cast, frozen):
    """A directive with tasks of unit A (one late, one done recently, one done long ago,
    one cancelled, one paused, one without deadline), a quarterly series, and a commune task."""
    directive = DirectiveFactory(number="132", symbol="KH-UBND", subject="Triển khai cải cách hành chính")
    clause = ClauseFactory(directive=directive, label="II.3")
    A = cast.unit_a

    def task(title, **kwargs):
        kwargs.setdefault("lead_unit", A)
        kwargs.setdefault("directive", directive)
        return TaskFactory(title=title, **kwargs)

    tasks = {
        "open": task("Rà soát thủ tục", clause=clause, deadline=dt.date(2026, 4, 15), progress=40),
        "late": task("Báo cáo quý I", deadline=dt.date(2026, 3, 2)),
        "done_recent": task(
            "Tự chấm điểm", deadline=dt.date(2026, 3, 5), status="done", completed_on=dt.date(2026, 3, 1)
        ),
        "done_old": task(
            "Việc cũ", deadline=dt.date(2026, 1, 20), status="done", completed_on=dt.date(2026, 1, 25)
        ),
        "cancelled": task("Việc đã hủy", deadline=dt.date(2026, 4, 1), status="cancelled"),
        "paused": task("Việc tạm dừng", deadline=dt.date(2026, 5, 1), status="paused"),
        "no_deadline": task("Tuyên truyền thường xuyên", deadline=None, kind="continuous"),
        "commune": task("Việc của xã", lead_unit=cast.commune, deadline=dt.date(2026, 4, 20)),
    }
    series = task(
        "Kiểm tra hằng quý",
        kind=Task.Kind.RECURRING,
        deadline=None,
        recurrence_rule="FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1",
    )
    tasks["series"] = series
    for end in (dt.date(2026, 3, 31), dt.date(2026, 6, 30), dt.date(2026, 9, 30)):
        tasks[f"occ-{end.month}"] = task(f"Kiểm tra quý đến {end:%d/%m}", series=series, deadline=end)
    return tasks


def test_feed_has_one_all_day_event_per_deadline_and_expands_like_a_client(client, cast, district):
    response = fetch(client, subscribe(cast.head_a))
    calendar = Calendar.from_ical(response.content)
    occurrences = recurring_ical_events.of(calendar).between(dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    got = sorted((e["DTSTART"].dt, str(e["SUMMARY"])) for e in occurrences)
    assert got == [
        (dt.date(2026, 3, 2), "[Nội vụ] Báo cáo quý I"),
        (dt.date(2026, 3, 5), "✓ [Nội vụ] Tự chấm điểm"),
        (dt.date(2026, 3, 31), "[Nội vụ] Kiểm tra quý đến 31/03"),
        (dt.date(2026, 4, 15), "[Nội vụ] Rà soát thủ tục"),
        (dt.date(2026, 5, 1), "[Nội vụ] Việc tạm dừng"),
        (dt.date(2026, 6, 30), "[Nội vụ] Kiểm tra quý đến 30/06"),
        (dt.date(2026, 9, 30), "[Nội vụ] Kiểm tra quý đến 30/09"),
    ]
    for event in occurrences:  # all-day: a DATE, not a DATE-TIME, ending the next day
        assert type(event["DTSTART"].dt) is dt.date
        assert event["DTEND"].dt == event["DTSTART"].dt + dt.timedelta(days=1)
    assert b"DTSTART;VALUE=DATE:20260415\r\n" in response.content


def test_event_content(client, cast, district, settings):
    settings.SITE_URL, settings.SITE_URL_CONFIGURED = "https://dondoc.example.vn", True
    task = district["open"]
    response = fetch(client, subscribe(cast.head_a, name="Lịch phòng Nội vụ"))
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Đôn đốc: Lịch phòng Nội vụ"
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Ho_Chi_Minh"
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in response.content
    assert b"\r\nX-PUBLISHED-TTL:PT1H\r\n" in response.content

    event = events_of(response)["[Nội vụ] Rà soát thủ tục"]
    assert str(event["UID"]) == f"dondoc-task-{task.pk}@dondoc.example.vn"
    description = str(event["DESCRIPTION"])
    assert "Văn bản: Kế hoạch 132/KH-UBND – Triển khai cải cách hành chính" in description
    assert "Điều khoản: II.3" in description
    assert "Đơn vị chủ trì: Phòng Nội vụ" in description
    assert "Thời hạn: 15/04/2026" in description
    assert "Đang thực hiện trong hạn – tiến độ 40%" in description
    assert event["CATEGORIES"].cats == ["Đang thực hiện trong hạn"]
    assert int(event["SEQUENCE"]) == task.version
    assert event["LAST-MODIFIED"].dt == task.updated_at.replace(microsecond=0)
    (alarm,) = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    # default: one day before, at 08:00 local time (the all-day event starts at 00:00)
    assert alarm["TRIGGER"].dt == -dt.timedelta(hours=16)
    try:
        task_page = reverse("tasks:detail", args=[task.pk])
    except NoReverseMatch:
        assert "URL" not in event  # no task page yet: no dangling link
    else:
        assert str(event["URL"]) == "https://dondoc.example.vn" + task_page
        assert f"Xem chi tiết: https://dondoc.example.vn{task_page}" in description

    late = events_of(response)["[Nội vụ] Báo cáo quý I"]
    assert late["CATEGORIES"].cats == ["Quá hạn"]


def test_alarm_is_configurable(client, cast, district, settings):
    settings.DONDOC = {**settings.DONDOC, "CALENDAR_ALARM_DAYS": 3, "CALENDAR_ALARM_HOUR": 7}
    event = events_of(fetch(client, subscribe(cast.head_a)))["[Nội vụ] Rà soát thủ tục"]
    assert event.walk("VALARM")[0]["TRIGGER"].dt == -dt.timedelta(days=3) + dt.timedelta(hours=7)


def test_completed_cancelled_and_paused_tasks(client, cast, district):
    """Rule (README): completions of the last 30 days stay, marked ✓ and without reminder;
    older completions and cancelled tasks leave the feed; paused tasks stay without reminder."""
    events = events_of(fetch(client, subscribe(cast.head_a)))
    done = events["✓ [Nội vụ] Tự chấm điểm"]
    assert done["CATEGORIES"].cats == ["Hoàn thành đúng hạn"]
    assert not done.walk("VALARM")
    assert not events["[Nội vụ] Việc tạm dừng"].walk("VALARM")
    assert events["[Nội vụ] Việc tạm dừng"]["CATEGORIES"].cats == ["Tạm dừng"]
    summaries = " ".join(events)
    for gone in ("Việc cũ", "Việc đã hủy", "Tuyên truyền thường xuyên", "Kiểm tra hằng quý"):
        assert gone not in summaries


def test_uid_is_stable_while_sequence_and_last_modified_follow_edits(client, cast, district, frozen):
    task = district["open"]
    path = subscribe(cast.head_a)
    before = events_of(fetch(client, path))["[Nội vụ] Rà soát thủ tục"]
    frozen.shift(dt.timedelta(hours=2))
    task_progress_record(
        task=task, actor=cast.head_a, unit=cast.unit_a, note="Đã rà soát 30 thủ tục", percent=70
    )
    Task.objects.filter(pk=task.pk).update(deadline=dt.date(2026, 4, 30))  # an extension moves the event
    after = events_of(fetch(client, path))["[Nội vụ] Rà soát thủ tục"]
    assert after["UID"] == before["UID"]
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert after["LAST-MODIFIED"].dt > before["LAST-MODIFIED"].dt
    assert after["DTSTART"].dt == dt.date(2026, 4, 30)
    assert "tiến độ 70%" in str(after["DESCRIPTION"])


def test_each_occurrence_keeps_its_uid_when_another_is_completed(client, cast, district, frozen):
    path = subscribe(cast.head_a)
    uids = {str(e["DTSTART"].dt): str(e["UID"]) for e in events_of(fetch(client, path)).values()}
    frozen.shift(dt.timedelta(hours=1))
    occ = district["occ-3"]
    occ.status, occ.completed_on, occ.version = "done", TODAY, occ.version + 1
    occ.save()
    again = {str(e["DTSTART"].dt): str(e["UID"]) for e in events_of(fetch(client, path)).values()}
    assert again == uids
    assert len(set(uids.values())) == len(uids)


# --- scopes and visibility ----------------------------------------------------------


def test_mine_scope(client, cast, district, task_a):
    # specialist_a: only what is assigned to them; head_a: everything their unit leads
    assert titles(fetch(client, subscribe(cast.specialist_a))) == {task_a.title}
    assert task_a.title in titles(fetch(client, subscribe(cast.deputy_a)))
    assert titles(fetch(client, subscribe(cast.nobody))) == set()
    # head_b heads the cooperating unit only: not "theirs"
    assert titles(fetch(client, subscribe(cast.head_b))) == set()


def test_unit_scope_includes_cooperation_and_nothing_else(client, cast, district, task_a):
    got = titles(fetch(client, subscribe(cast.head_b, Scope.UNIT, unit=cast.unit_b)))
    assert got == {task_a.title}
    chairman_view = titles(fetch(client, subscribe(cast.chairman, Scope.UNIT, unit=cast.commune)))
    assert chairman_view == {"Việc của xã"}


def test_directive_scope_shows_only_what_the_user_may_see(client, cast, district, task_a):
    directive = district["open"].directive
    task_a.directive = directive
    task_a.save()
    head_b = titles(fetch(client, subscribe(cast.head_b, Scope.DIRECTIVE, directive=directive)))
    assert head_b == {task_a.title}  # B only cooperates on task_a; unit A's and the commune's stay hidden
    office = titles(fetch(client, subscribe(cast.office, Scope.DIRECTIVE, directive=directive)))
    assert {"Việc của xã", task_a.title, "Rà soát thủ tục"} <= office


def test_leadership_scopes(client, cast, district, task_a):
    all_open = titles(fetch(client, subscribe(cast.vice, Scope.ALL_OPEN)))
    assert all_open == {
        "Rà soát thủ tục",
        "Báo cáo quý I",
        "Việc của xã",
        "Kiểm tra quý đến 31/03",
        "Kiểm tra quý đến 30/06",
        "Kiểm tra quý đến 30/09",
        task_a.title,
    }
    assert titles(fetch(client, subscribe(cast.chairman, Scope.OVERDUE))) == {"Báo cáo quý I"}


@pytest.mark.parametrize(
    "role", ["office", "chairman", "vice", "head_a", "deputy_a", "specialist_a", "head_b", "nobody"]
)
def test_no_feed_ever_shows_a_task_its_owner_may_not_see(client, cast, district, task_a, role):
    from units.permissions import can_view_task

    user = cast.users()[role]
    paths = [subscribe(user)]
    for unit in (cast.unit_a, cast.unit_b, cast.commune):
        if scope_allowed(user=user, scope=Scope.UNIT, unit=unit):
            paths.append(subscribe(user, Scope.UNIT, unit=unit))
    if scope_allowed(user=user, scope=Scope.ALL_OPEN):
        paths.append(subscribe(user, Scope.ALL_OPEN))
    uid_to_task = {feeds.uid_for(t.pk): t for t in Task.objects.all()}
    for path in paths:
        for event in events_of(fetch(client, path)).values():
            assert can_view_task(user, uid_to_task[str(event["UID"])])


def test_a_user_who_leaves_the_unit_stops_seeing_its_deadlines(client, cast, district):
    path = subscribe(cast.deputy_a, Scope.UNIT, unit=cast.unit_a)
    assert "Rà soát thủ tục" in titles(fetch(client, path))
    Membership.objects.filter(user=cast.deputy_a, unit=cast.unit_a).delete()
    cast.deputy_a._dondoc_roles = None
    assert titles(fetch(client, path)) == set()


# --- HTTP ----------------------------------------------------------------------------


def test_content_type_crlf_and_folding_at_75_octets(client, cast, frozen):
    long_title = (
        "Tổ chức rà soát, đánh giá việc thực hiện các tiêu chí thành phần của Chỉ số cải cách hành chính; "
        "đề xuất giải pháp nâng cao chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan"
    )
    TaskFactory(title=long_title, lead_unit=cast.unit_a, deadline=dt.date(2026, 4, 1))
    response = fetch(client, subscribe(cast.head_a))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content
    assert body.endswith(b"\r\n") and b"\n" not in body.replace(b"\r\n", b"")
    physical = body.split(b"\r\n")[:-1]
    assert max(len(line) for line in physical) <= 75
    assert any(line.startswith(b" ") for line in physical)  # the long lines were folded
    for line in physical:
        line.decode("utf-8")  # no fold splits a multi-byte character
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    assert str(event["SUMMARY"]) == f"[Nội vụ] {long_title}"


def test_fold_counts_octets_not_characters():
    line = "SUMMARY:" + "Đường " * 40
    folded = feeds.fold(line)
    chunks = folded.split(b"\r\n")
    assert len(line) < 75 * len(chunks)  # by characters fewer lines would have sufficed
    assert all(len(chunk) <= 75 for chunk in chunks)
    assert all(chunk.startswith(b" ") for chunk in chunks[1:])
    assert b"".join([chunks[0]] + [c[1:] for c in chunks[1:]]).decode() == line
    assert feeds.fold("SHORT:ok") == b"SHORT:ok"


def test_text_escaping_round_trips(client, cast, frozen):
    title = 'Báo cáo; tổng hợp, "đánh giá" \\ kết quả\nlần 2'
    TaskFactory(title=title, lead_unit=cast.unit_a, deadline=dt.date(2026, 4, 1))
    (event,) = Calendar.from_ical(fetch(client, subscribe(cast.head_a)).content).walk("VEVENT")
    assert str(event["SUMMARY"]) == f"[Nội vụ] {title}"


def test_conditional_get_answers_304_without_loading_tasks(
    client, cast, district, frozen, django_assert_max_num_queries
):
    path = subscribe(cast.head_a)
    first = fetch(client, path)
    etag, modified = first["ETag"], first["Last-Modified"]
    with django_assert_max_num_queries(4) as queries:  # token, memberships, aggregate, last-used touch
        again = client.get(path, headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    assert not any("tasks_task.title" in q["sql"].replace('"', "") for q in queries.captured_queries)
    assert client.get(path, headers={"if-modified-since": modified}).status_code == 304

    frozen.shift(dt.timedelta(minutes=5))
    district["open"].title = "Rà soát thủ tục (sửa)"
    district["open"].save()
    changed = client.get(path, headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Rà soát thủ tục (sửa)" in titles(changed)


def test_renaming_a_unit_or_editing_a_directive_is_not_answered_304(client, cast, district, frozen):
    """Events show unit names and directives' subjects: a calendar app revalidating with its
    ETag gets the new text, not 304 Not Modified, although no task changed."""
    path = subscribe(cast.head_a)
    etag = fetch(client, path)["ETag"]
    assert client.get(path, headers={"if-none-match": etag}).status_code == 304

    frozen.shift(dt.timedelta(minutes=5))
    cast.unit_a.short_name = "NV-mới"
    cast.unit_a.save()
    renamed = client.get(path, headers={"if-none-match": etag})
    assert renamed.status_code == 200 and "[NV-mới] Rà soát thủ tục" in {
        str(e["SUMMARY"]) for e in Calendar.from_ical(renamed.content).walk("VEVENT")
    }
    etag = renamed["ETag"]
    assert client.get(path, headers={"if-none-match": etag}).status_code == 304

    frozen.shift(dt.timedelta(minutes=5))
    directive = district["open"].directive
    directive.subject = "Triển khai cải cách hành chính năm 2026"
    directive.save()
    edited = client.get(path, headers={"if-none-match": etag})
    assert edited.status_code == 200
    assert "cải cách hành chính năm 2026" in edited.content.decode().replace("\r\n ", "")


def test_a_new_day_changes_the_etag(client, cast, district, frozen):
    """Categories move with the date (due soon → overdue) even when no task changed."""
    path = subscribe(cast.head_a)
    etag = fetch(client, path)["ETag"]
    frozen.shift(dt.timedelta(days=1))
    assert client.get(path, headers={"if-none-match": etag}).status_code == 200


def test_unknown_revoked_and_malformed_tokens_get_the_same_404(client, cast, frozen):
    subscription, token = subscription_create(user=cast.head_a, scope=Scope.MINE)
    path = feed_path(token)
    assert client.get(path).status_code == 200
    subscription_revoke(subscription=subscription, actor=cast.head_a)
    revoked = client.get(path)
    unknown = client.get(feed_path("x" * 43))
    malformed = client.get("/lich/f/%27%3B--.ics")
    assert revoked.status_code == unknown.status_code == malformed.status_code == 404
    assert revoked.content == unknown.content == malformed.content == b"Not found"


def test_inactive_owner_gets_404(client, cast, frozen):
    path = subscribe(cast.head_a)
    cast.head_a.is_active = False
    cast.head_a.save()
    assert client.get(path).status_code == 404


def test_feed_is_read_only(client, cast, frozen):
    path = subscribe(cast.head_a)
    assert client.post(path).status_code == 405
    assert client.head(path).status_code == 200


def test_categories_agree_with_tasks_status(client, cast, district):
    """The feed computes categories in SQL; they must match tasks.status.category_of."""
    from tasks.status import StatusCategory, StatusContext, category_of

    ctx = StatusContext.for_date(TODAY)
    labels = {c.value: str(c.label) for c in StatusCategory}
    by_uid = {feeds.uid_for(t.pk): t for t in Task.objects.all()}
    events = events_of(fetch(client, subscribe(cast.head_a))).values()
    assert len(events) == 7
    for event in events:
        task = by_uid[str(event["UID"])]
        assert event["CATEGORIES"].cats == [labels[category_of(task, ctx)]]


# --- absolute addresses: SITE_URL when set, else the request's own host and port ------------


def test_links_follow_the_request_when_site_url_is_unset(client, cast, district, settings):
    settings.SITE_URL, settings.SITE_URL_CONFIGURED = "http://127.0.0.1:8000", False
    settings.ALLOWED_HOSTS = ["demo.local"]
    path = subscribe(cast.head_a)
    response = client.get(path, HTTP_HOST="demo.local:9100")
    event = events_of(response)["[Nội vụ] Rà soát thủ tục"]
    assert str(event["URL"]).startswith("http://demo.local:9100/nhiem-vu/")
    assert ":8000" not in response.content.decode()


def test_subscription_page_shows_the_address_it_was_opened_on(client, cast, frozen, settings):
    settings.SITE_URL, settings.SITE_URL_CONFIGURED = "http://127.0.0.1:8000", False
    settings.ALLOWED_HOSTS = ["demo.local"]
    client.force_login(cast.head_a)
    response = client.post(
        reverse("deadlines:create"),
        {"name": "Lịch", "scope": "mine"},
        HTTP_HOST="demo.local:9100",
        secure=True,
    )
    page = client.get(response["Location"], HTTP_HOST="demo.local:9100", secure=True).content.decode()
    assert 'value="https://demo.local:9100/' in page and 'value="webcal://demo.local:9100/' in page
    assert "127.0.0.1:8000" not in page


def test_configured_site_url_wins_over_the_request(client, cast, district, settings):
    settings.SITE_URL, settings.SITE_URL_CONFIGURED = "https://dondoc.example.vn", True
    settings.ALLOWED_HOSTS = ["demo.local", "dondoc.example.vn"]
    response = client.get(subscribe(cast.head_a), HTTP_HOST="demo.local:9100")
    event = events_of(response)["[Nội vụ] Rà soát thủ tục"]
    assert str(event["URL"]).startswith("https://dondoc.example.vn/nhiem-vu/")


@pytest.mark.parametrize(
    ("site_url", "hosts", "warns"),
    [
        ("https://dondoc.example.vn", ["dondoc.example.vn"], False),
        ("https://dondoc.example.vn", [".example.vn"], False),
        ("http://127.0.0.1:8000", ["demo.local"], True),
        ("dondoc.example.vn", ["dondoc.example.vn"], True),
    ],
)
def test_start_up_check_warns_when_site_url_disagrees_with_allowed_hosts(settings, site_url, hosts, warns):
    from deadlines.checks import site_url_matches_allowed_hosts

    settings.SITE_URL, settings.SITE_URL_CONFIGURED, settings.ALLOWED_HOSTS = site_url, True, hosts
    assert bool(site_url_matches_allowed_hosts()) is warns
    settings.SITE_URL_CONFIGURED = False
    assert site_url_matches_allowed_hosts() == []
