import datetime as dt

import pytest

from tests.dashboard.conftest import make


@pytest.mark.django_db
def test_pages_render(client, cast, today):
    make(cast.unit_a, deadline=today - dt.timedelta(days=3))
    make(cast.unit_b, deadline=today - dt.timedelta(days=10), done_on=today - dt.timedelta(days=12))
    for user in [cast.chairman, cast.office, cast.head_a, cast.specialist_a, cast.nobody]:
        client.force_login(user)
        r = client.get("/")
        assert r.status_code == 200, user
    client.force_login(cast.chairman)
    for url in [
        "/bang-dieu-khien/",
        "/bang-dieu-khien/bao-cao/",
        f"/bang-dieu-khien/bao-cao/don-vi/{cast.unit_a.pk}/",
        f"/bang-dieu-khien/bao-cao/don-vi/{cast.unit_a.pk}/tai-ve.docx",
        f"/bang-dieu-khien/bao-cao/don-vi/{cast.unit_a.pk}/tai-ve.xlsx",
        "/bang-dieu-khien/bao-cao/tong-hop.docx",
        "/bang-dieu-khien/bao-cao/tong-hop.xlsx",
    ]:
        r = client.get(url)
        assert r.status_code == 200, url
