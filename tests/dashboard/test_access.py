"""Who may open which page or export (200) and who gets 403; anonymous users go to login."""

from __future__ import annotations

import pytest

ROLES = ["office", "chairman", "vice", "head_a", "deputy_a", "specialist_a", "head_b", "admin", "nobody"]
EVERYONE_WITH_REPORTS = {"chairman", "vice", "office", "head_a", "deputy_a", "head_b", "admin"}
PAGES = {
    "dashboard": ("/bang-dieu-khien/", {"chairman", "vice", "admin"}),
    "report_index": ("/bang-dieu-khien/bao-cao/", EVERYONE_WITH_REPORTS),
    "unit_report": (
        "/bang-dieu-khien/bao-cao/don-vi/{a}/",
        {"chairman", "vice", "office", "head_a", "deputy_a", "admin"},
    ),
    "unit_docx": (
        "/bang-dieu-khien/bao-cao/don-vi/{a}/tai-ve.docx",
        {"chairman", "vice", "office", "head_a", "deputy_a", "admin"},
    ),
    "unit_xlsx": (
        "/bang-dieu-khien/bao-cao/don-vi/{a}/tai-ve.xlsx",
        {"chairman", "vice", "office", "head_a", "deputy_a", "admin"},
    ),
    "summary_docx": ("/bang-dieu-khien/bao-cao/tong-hop.docx", {"chairman", "vice", "office", "admin"}),
    "summary_xlsx": ("/bang-dieu-khien/bao-cao/tong-hop.xlsx", {"chairman", "vice", "office", "admin"}),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_role_matrix(client, cast, task_a, page):
    template, allowed = PAGES[page]
    url = template.format(a=cast.unit_a.pk)
    users = cast.users()
    seen = {}
    for role in ROLES:
        client.force_login(users[role])
        seen[role] = client.get(url).status_code
    assert {r for r, code in seen.items() if code == 200} == allowed
    assert {r for r, code in seen.items() if code != 200} == {r for r in ROLES if r not in allowed}
    assert all(code == 403 for r, code in seen.items() if r not in allowed)
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


@pytest.mark.django_db
def test_unknown_format_and_unit_are_404(client, cast):
    client.force_login(cast.chairman)
    assert client.get(f"/bang-dieu-khien/bao-cao/don-vi/{cast.unit_a.pk}/tai-ve.pdf").status_code == 404
    assert client.get("/bang-dieu-khien/bao-cao/don-vi/999999/").status_code == 404
    assert client.get("/bang-dieu-khien/bao-cao/tong-hop.csv").status_code == 404


@pytest.mark.django_db
def test_nav_links_follow_permissions(client, cast):
    for role, dashboard, reports in [
        ("chairman", True, True),
        ("office", False, True),
        ("head_a", False, True),
        ("specialist_a", False, False),
    ]:
        client.force_login(cast.users()[role])
        html = client.get("/don-vi/").content.decode()
        assert ('href="/bang-dieu-khien/"' in html) is dashboard, role
        assert ('href="/bang-dieu-khien/bao-cao/"' in html) is reports, role
