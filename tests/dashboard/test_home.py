"""The home page by role, and the department head's and specialist's pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tasks.models import ExtensionRequest
from tests.dashboard.conftest import DAY, TODAY, make

HOME_TEMPLATES = {
    "chairman": "dashboard/chairman.html",
    "vice": "dashboard/chairman.html",
    "admin": "dashboard/chairman.html",
    "office": "home_office.html",
    "head_a": "home_head.html",
    "deputy_a": "home_head.html",
    "head_b": "home_head.html",
    "specialist_a": "home_specialist.html",
    "nobody": "home.html",
}


@pytest.mark.parametrize("role", list(HOME_TEMPLATES))
def test_home_dispatches_by_role(client, cast, today, role):
    client.force_login(cast.users()[role])
    response = client.get("/")
    assert response.status_code == 200
    assert HOME_TEMPLATES[role] in [t.name for t in response.templates]
    html = response.content.decode()
    assert html.count("<h1") == 1 and "<title>" in html
    assert " style=" not in html and "<script>" not in html


def test_head_home_shows_own_unit_only(client, cast, world):
    client.force_login(cast.head_a)
    response = client.get("/")
    expected = world.labels("a")
    assert len(response.context["overdue"]) == expected["overdue"]
    assert len(response.context["due_soon"]) == expected["due_soon"]
    assert {t.lead_unit_id for t in response.context["overdue"] + response.context["due_soon"]} == {
        cast.unit_a.pk
    }
    assert [e.task.lead_unit_id for e in response.context["extensions"]] == [cast.unit_a.pk]
    html = response.content.decode()
    assert "A quá hạn 40 ngày" in html and "B quá hạn 100 ngày" not in html
    assert "Đang chờ số liệu của các xã" in html
    listed = client.get(response.context["overdue_url"])
    assert listed.context["filter"].qs.count() == expected["overdue"]


def test_head_home_rate_against_the_organisation(client, cast, world):
    client.force_login(cast.head_a)
    rates = client.get("/").context["rates"]
    mine = world.labels("a")
    everyone = world.labels()

    def rate(c):
        return round(100 * c["done_on_time"] / (c["done_on_time"] + c["done_late"] + c["overdue"]), 1)

    # all rows of the world fall in 2026 (the continuous one has no deadline and is not due)
    assert rates["mine"] == rate(mine) == 40.0
    assert rates["all"] == rate(everyone)
    html = client.get("/").content.decode()
    assert "40,0%" in html


def test_head_home_on_a_phone_has_no_wide_table(client, cast, world):
    client.force_login(cast.head_a)
    html = client.get("/").content.decode()
    main = html.split('<main id="main"', 1)[1]
    assert "<table" not in main  # lists, not tables: readable at 390 px


def test_specialist_home_lists_their_open_tasks(client, cast, today):
    mine = make(cast.unit_a, deadline=TODAY - 2 * DAY, assignee=cast.specialist_a, title="Việc của tôi")
    make(cast.unit_a, deadline=TODAY - 2 * DAY, title="Việc của người khác")
    make(cast.unit_a, deadline=TODAY, assignee=cast.specialist_a, done_on=TODAY, title="Đã xong")
    client.force_login(cast.specialist_a)
    response = client.get("/")
    assert [t.pk for t in response.context["tasks"]] == [mine.pk]
    assert response.context["overdue_count"] == 1
    html = response.content.decode()
    assert "Việc của tôi" in html and "Việc của người khác" not in html
    assert reverse("tasks:detail", args=[mine.pk]) in html


def test_office_home_overview(client, cast, world):
    from tests.factories import DirectiveFactory

    DirectiveFactory(status="draft")
    client.force_login(cast.office)
    response = client.get("/")
    assert response.context["pending_intake"] == 1
    assert response.context["intake_url"] == reverse("directives:list") + "?status=draft"
    assert f'href="{reverse("directives:list")}?status=draft"' in response.content.decode()
    assert (
        response.context["pending_extensions"]
        == ExtensionRequest.objects.filter(status="pending").count()
        == 2
    )
    assert response.context["overdue_total"] == world.labels()["overdue"]
    values = {c.category: c.value for c in response.context["cards"]}
    assert values["overdue"] == world.labels()["overdue"]
    assert dt.date(2026, 6, 15) == TODAY


def test_office_home_lists_only_units_to_chase(client, cast, world):
    fine = make(cast.office_unit, deadline=TODAY - DAY, done_on=TODAY - 2 * DAY).lead_unit
    client.force_login(cast.office)
    lines = client.get("/").context["unit_lines"]
    assert {line.row.unit_id for line in lines} == {cast.unit_a.pk, cast.unit_b.pk, cast.commune.pk}
    assert fine.pk not in {line.row.unit_id for line in lines}
