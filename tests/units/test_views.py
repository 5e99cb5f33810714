import pytest
from django.urls import reverse

from tests.factories import TaskFactory, UnitFactory


@pytest.mark.django_db
def test_login_required(client):
    response = client.get(reverse("units:list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.django_db
def test_login_page_is_vietnamese(client):
    response = client.get(reverse("login"))
    assert "Đăng nhập" in response.content.decode()


@pytest.mark.django_db
def test_unit_list_counts_open_and_overdue(client, cast, django_assert_max_num_queries):
    TaskFactory(lead_unit=cast.unit_a, deadline="2020-01-01")
    client.force_login(cast.head_a)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("units:list"), {"q": "noi vu"})
    rows = response.context["table"].rows
    assert [r.record.name for r in rows] == ["Phòng Nội vụ"]
    assert rows[0].record.overdue_count == 1


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_unit_list_queries_do_not_grow(client, cast, count, django_assert_max_num_queries):
    for _ in range(count):
        UnitFactory()
    client.force_login(cast.office)
    with django_assert_max_num_queries(8):
        client.get(reverse("units:list"))


@pytest.mark.django_db
def test_unit_detail_shows_members_and_counts(client, cast, task_a):
    client.force_login(cast.office)
    response = client.get(cast.unit_a.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "Phòng Nội vụ" in body and "head_a" in body or "Nguyễn Văn" in body
    counts = dict((c.value, n) for c, n in response.context["category_counts"])
    assert counts["in_time"] == 1


@pytest.mark.django_db
def test_profile_lists_my_units(client, cast):
    client.force_login(cast.head_a)
    body = client.get(reverse("units:profile")).content.decode()
    assert "Phòng Nội vụ" in body and "head_a" in body


@pytest.mark.django_db
def test_vietnamese_is_the_default_even_for_an_english_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"


@pytest.mark.django_db
def test_language_switch_selects_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("login"))
    assert response["Content-Language"] == "en"


@pytest.mark.django_db
def test_unit_filter_by_activity(client, cast):
    UnitFactory(name="Đơn vị cũ", is_active=False)
    client.force_login(cast.office)
    names = [
        r.record.name for r in client.get(reverse("units:list"), {"is_active": "0"}).context["table"].rows
    ]
    assert names == ["Đơn vị cũ"]
