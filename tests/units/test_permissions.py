"""Role × action matrix for the permission module (views enforce the same function)."""

import pytest

from tasks.models import Task
from tests.factories import TaskFactory
from units.permissions import Action, can, can_view_task, roles_for, task_visibility_q

ALL_ROLES = ["office", "chairman", "vice", "head_a", "deputy_a", "specialist_a", "head_b", "admin", "nobody"]
A = Action

# action -> roles allowed on task_a (led by unit A, B cooperates, assigned to specialist_a)
EXPECTED = {
    A.DIRECTIVE_CREATE: {"office", "admin"},
    A.TASK_CREATE: {"office", "admin"},
    A.TASK_REASSIGN: {"office", "admin"},
    A.TASK_CHANGE_DEADLINE: {"office", "admin"},
    A.TASK_PAUSE: {"office", "admin"},
    A.TASK_CANCEL: {"office", "admin"},
    A.TASK_REOPEN: {"office", "admin"},
    A.TASK_BULK_EDIT: {"office", "admin"},
    A.TASK_UPDATE_PROGRESS: {"head_a", "deputy_a", "specialist_a", "admin"},
    A.TASK_COMPLETE: {"head_a", "deputy_a", "specialist_a", "admin"},
    A.TASK_REQUEST_EXTENSION: {"head_a", "deputy_a", "specialist_a", "admin"},
    A.TASK_ASSIGN_SPECIALIST: {"head_a", "deputy_a", "admin"},
    A.TASK_CONTRIBUTE: {"head_b", "admin"},
    A.EXTENSION_DECIDE: {"chairman", "vice", "admin"},
    A.DASHBOARD_VIEW: {"chairman", "vice", "admin"},
    A.REPORT_VIEW: {"chairman", "vice", "office", "head_a", "deputy_a", "head_b", "admin"},
    A.CALENDAR_SUBSCRIBE: set(ALL_ROLES),
    A.CALENDAR_SUBSCRIBE_ALL: {"chairman", "vice", "office", "admin"},
    A.CALENDAR_MANAGE_ANY: {"admin"},
    A.LETTER_CREATE: {"chairman", "vice", "office", "admin"},
    A.EXPLANATION_REPLY: {"admin"},  # on a task: only a request for an explanation can be answered
}


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(EXPECTED))
def test_permission_matrix(cast, task_a, action):
    users = cast.users()
    allowed = {role for role in ALL_ROLES if can(users[role], action, task_a)}
    assert allowed == EXPECTED[action]


@pytest.mark.django_db
def test_head_of_another_unit_cannot_update_or_complete(cast, task_a):
    assert not can(cast.head_b, A.TASK_UPDATE_PROGRESS, task_a)
    assert not can(cast.head_b, A.TASK_COMPLETE, task_a)  # cooperating unit may not complete


@pytest.mark.django_db
def test_a_specialist_acts_only_on_tasks_assigned_to_them(cast):
    other = TaskFactory(lead_unit=cast.unit_a, assignee=None)
    assert not can(cast.specialist_a, A.TASK_UPDATE_PROGRESS, other)
    assert can(cast.head_a, A.TASK_UPDATE_PROGRESS, other)


@pytest.mark.django_db
def test_completed_task_cannot_be_completed_again(cast, task_a):
    """can() answers who; the state rule lives in tasks.lifecycle (tests/tasks/test_lifecycle.py)."""
    from tasks import lifecycle

    task_a.status, task_a.completed_on = Task.Status.DONE, task_a.deadline
    assert can(cast.head_a, A.TASK_COMPLETE, task_a)
    allowed = lifecycle.allowed(cast.head_a, task_a)
    assert "complete" not in allowed and "extension_request" not in allowed


@pytest.mark.django_db
def test_anonymous_and_inactive_users_can_do_nothing(cast, task_a):
    from django.contrib.auth.models import AnonymousUser

    assert not any(can(AnonymousUser(), action, task_a) for action in A)
    cast.head_a.is_active = False
    assert not can(cast.head_a, A.TASK_UPDATE_PROGRESS, task_a)


@pytest.mark.django_db
def test_visibility(cast, task_a):
    hidden = TaskFactory(lead_unit=cast.commune)
    users = cast.users()
    for role in ["office", "chairman", "vice", "admin"]:
        assert set(Task.objects.filter(task_visibility_q(users[role]))) == {task_a, hidden}
    for role in ["head_a", "deputy_a", "specialist_a", "head_b"]:  # B cooperates on task_a
        assert list(Task.objects.filter(task_visibility_q(users[role]))) == [task_a]
        assert can_view_task(users[role], task_a) and not can_view_task(users[role], hidden)
    assert not Task.objects.filter(task_visibility_q(cast.nobody)).exists()


@pytest.mark.django_db
def test_roles_are_derived_from_memberships(cast):
    assert roles_for(cast.chairman).is_chairman and roles_for(cast.chairman).is_leadership
    assert roles_for(cast.vice).is_leadership and not roles_for(cast.vice).is_chairman
    assert roles_for(cast.office).is_office
    assert roles_for(cast.head_a).managed_unit_ids == {cast.unit_a.pk}
    assert roles_for(cast.specialist_a).managed_unit_ids == set()
    assert roles_for(cast.nobody).label == "guest"


@pytest.mark.django_db
def test_unit_report_visibility(cast):
    from units.permissions import can_view_unit_report

    users = cast.users()
    own_a = {r for r in ALL_ROLES if can_view_unit_report(users[r], cast.unit_a.pk)}
    assert own_a == {"chairman", "vice", "office", "head_a", "deputy_a", "admin"}
    ranking = {r for r in ALL_ROLES if can_view_unit_report(users[r], None)}
    assert ranking == {"chairman", "vice", "office", "admin"}


@pytest.mark.django_db
def test_explanation_reply_is_for_the_managers_of_the_unit_asked(cast):
    from types import SimpleNamespace

    letter = SimpleNamespace(unit_id=cast.unit_a.pk)
    users = cast.users()
    allowed = {role for role in ALL_ROLES if can(users[role], A.EXPLANATION_REPLY, letter)}
    assert allowed == {"head_a", "deputy_a", "admin"}
