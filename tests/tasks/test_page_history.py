"""The task page's history and reports: the labels of each line are what Django's own
get_<field>_display() gives, in every language, without rebuilding every label per line."""

from __future__ import annotations

import pytest
from django.db.models.base import Model
from django.utils import translation

from tasks.models import ExtensionRequest, Task, TaskEvent

FIELDS = [(TaskEvent, "kind"), (Task, "status"), (Task, "kind"), (ExtensionRequest, "status")]


@pytest.mark.parametrize(("model", "name"), FIELDS)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_display_labels_are_djangos(model, name, language):
    field = model._meta.get_field(name)
    with translation.override(language):
        for value in [*dict(field.flatchoices), "not-a-choice"]:
            obj = model(**{name: value})
            djangos = Model._get_FIELD_display(obj, field)
            assert getattr(obj, f"get_{name}_display")() == djangos


@pytest.mark.django_db
def test_a_long_history_costs_no_query_per_line(client, cast, task_a, django_assert_max_num_queries):
    from tasks import services

    for percent in range(5, 100, 5):
        task_a.refresh_from_db()
        services.task_progress_record(
            task=task_a, actor=cast.head_a, unit=cast.unit_a, note=f"Đạt {percent}%", percent=percent
        )
    client.force_login(cast.chairman)
    with django_assert_max_num_queries(12):
        body = client.get(task_a.get_absolute_url()).content.decode()
    assert body.count("Cập nhật tiến độ") == 19
    assert "Đạt 95%" in body and "90% → 95%" in body
