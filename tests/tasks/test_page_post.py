"""The writes made from the task page read only what they need (the load bench posts a
progress report for every task page it opens), and their failure pages are still whole."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tasks import services
from tasks.models import ProgressUpdate, TaskEvent


@pytest.mark.django_db
def test_progress_post_queries(client, cast, task_a, django_assert_num_queries):
    client.force_login(cast.head_a)
    url = reverse("tasks:progress", args=[task_a.pk])
    client.get(task_a.get_absolute_url())
    # session, user, task (with its lead unit), roles; UPDATE task, INSERT report, INSERT event;
    # the session with the message (and the savepoints of the test's transaction, 4); was 18
    with django_assert_num_queries(12):
        response = client.post(url, {"p-version": 1, "p-percent": 20, "p-note": "Bắt đầu"})
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert (update.unit, update.author, update.percent) == (cast.unit_a, cast.head_a, 20)
    assert TaskEvent.objects.filter(task=task_a, kind="progress", old_value="0%", new_value="20%").exists()


@pytest.mark.django_db
def test_a_failed_progress_post_shows_the_whole_page(client, cast, task_a):
    client.force_login(cast.head_a)
    response = client.post(reverse("tasks:progress", args=[task_a.pk]), {"p-version": 1, "p-note": ""})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Vui lòng nhập nội dung báo cáo" in body
    # what the POST did not read is on the page all the same
    assert cast.unit_b.name in body and cast.specialist_a.get_full_name() in body
    assert task_a.directive.subject in body


@pytest.mark.django_db
def test_a_conflict_shows_the_other_persons_change(client, cast, task_a):
    services.task_progress_record(task=task_a, actor=cast.deputy_a, unit=cast.unit_a, note="x", percent=45)
    client.force_login(cast.head_a)
    response = client.post(
        reverse("tasks:progress", args=[task_a.pk]), {"p-version": 1, "p-percent": 20, "p-note": "Cũ"}
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert '<progress class="task-progress" max="100" value="45"' in body


@pytest.mark.django_db
def test_complete_and_contribution_posts_still_check_their_rules(client, cast, task_a):
    client.force_login(cast.head_b)  # unit B cooperates on task A
    response = client.post(
        reverse("tasks:contribute", args=[task_a.pk]), {"k-unit": cast.unit_b.pk, "k-note": "Góp ý"}
    )
    assert response.status_code == 302
    assert ProgressUpdate.objects.get(is_contribution=True).unit == cast.unit_b
    client.force_login(cast.head_a)
    response = client.post(
        reverse("tasks:complete", args=[task_a.pk]), {"c-version": 1, "c-completed_on": "01/01/2000"}
    )
    assert response.status_code == 400
    assert "không thể trước ngày ban hành văn bản" in response.content.decode()
