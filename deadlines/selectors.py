"""Reads for calendar subscriptions and their feeds; the visibility gate lives here."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import CharField, Count, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.http import Http404

from deadlines.models import CalendarSubscription
from directives.models import Directive
from tasks.models import Task
from tasks.status import StatusCategory, StatusContext, category_expression, category_q
from units.models import Unit
from units.permissions import Action, can, roles_for, task_visibility_q
from units.selectors import active_units

Scope = CalendarSubscription.Scope
DIRECTIVE_CHOICES_LIMIT = 200


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def subscription_for_token(*, token: str) -> CalendarSubscription | None:
    """The live subscription behind ``token``, or None (unknown, revoked, owner inactive)."""
    digest = token_hash(token)
    found = list(CalendarSubscription.objects.select_related("user").filter(token_hash=digest).order_by()[:1])
    subscription = found[0] if found else None
    if subscription is None or not hmac.compare_digest(subscription.token_hash, digest):
        return None
    if subscription.revoked_at is not None or not subscription.user.is_active:
        return None
    return subscription


def scope_allowed(
    *, user: Any, scope: str, unit: Unit | None = None, directive: Directive | None = None
) -> bool:
    """May ``user`` subscribe to (and keep reading) a feed of this scope?"""
    return _scope_allowed(
        user, scope, unit.pk if unit is not None else None, directive.pk if directive is not None else None
    )


def _scope_allowed(user: Any, scope: str, unit_id: int | None, directive_id: int | None) -> bool:
    if not can(user, Action.CALENDAR_SUBSCRIBE):
        return False
    roles = roles_for(user)
    if scope == Scope.MINE:
        return True
    if scope in (Scope.ALL_OPEN, Scope.OVERDUE):
        return can(user, Action.CALENDAR_SUBSCRIBE_ALL)
    if scope == Scope.UNIT:
        return unit_id is not None and (roles.sees_everything or unit_id in roles.member_unit_ids)
    if scope == Scope.DIRECTIVE:
        if directive_id is None:
            return False
        if roles.sees_everything:
            return True
        return Task.objects.filter(task_visibility_q(user), directive_id=directive_id).exists()
    return False


def _kept_q(ctx: StatusContext) -> Q:
    """Open and paused tasks, and completions of the last CALENDAR_KEEP_DONE_DAYS days.

    Cancelled tasks and older completions leave the feed (calendar clients then delete
    the event); tasks without a deadline and recurring series templates are never events.
    """
    keep_days = settings.DONDOC["CALENDAR_KEEP_DONE_DAYS"]
    recent_done = Q(status=Task.Status.DONE, completed_on__gte=ctx.today - dt.timedelta(days=keep_days))
    return Q(status__in=[Task.Status.OPEN, Task.Status.PAUSED]) | recent_done


def feed_tasks(*, subscription: CalendarSubscription, ctx: StatusContext) -> QuerySet[Task]:
    """The tasks of a subscription's feed: its scope, cut to what its owner may see."""
    user = subscription.user
    scope = subscription.scope
    if not _scope_allowed(user, scope, subscription.unit_id, subscription.directive_id):
        return Task.objects.none()
    tasks = Task.objects.filter(deadline__isnull=False).exclude(kind=Task.Kind.RECURRING)
    if scope == Scope.MINE:
        managed = list(roles_for(user).managed_unit_ids)
        tasks = tasks.filter(_kept_q(ctx), Q(assignee_id=user.pk) | Q(lead_unit_id__in=managed))
    elif scope == Scope.UNIT:
        cooperating = Task.cooperating_units.through.objects.filter(unit_id=subscription.unit_id)
        tasks = tasks.filter(
            _kept_q(ctx), Q(lead_unit_id=subscription.unit_id) | Q(pk__in=cooperating.values("task_id"))
        )
    elif scope == Scope.DIRECTIVE:
        tasks = tasks.filter(_kept_q(ctx), directive_id=subscription.directive_id)
    elif scope == Scope.ALL_OPEN:
        tasks = tasks.filter(status=Task.Status.OPEN)
    elif scope == Scope.OVERDUE:
        tasks = tasks.filter(category_q(StatusCategory.OVERDUE, ctx))
    else:  # an unknown scope shows nothing rather than everything
        return Task.objects.none()
    if scope == Scope.DIRECTIVE:
        # The other scopes are subsets of what task_visibility_q lets the user see by
        # construction (their own or their units' tasks; all tasks only for those who see
        # everything), so the extra condition would only slow the aggregate down.
        tasks = tasks.filter(task_visibility_q(user))
    return tasks


def _latest_change(model) -> Subquery:
    """The id of the last change recorded in ``model``'s history (the primary key's index,
    evaluated once per query; an id, unlike a time, only grows)."""
    history = model.history.model.objects.order_by("-history_id").values("history_id")[:1]
    return Subquery(history)


def feed_fingerprint(*, tasks: QuerySet[Task]) -> tuple[dt.datetime | None, int, tuple]:
    """(tasks' latest updated_at, count, (last unit change, last directive change)) of a
    feed, in one aggregate query that loads no task.

    Events also show unit names and directives' numbers and subjects, so the last recorded
    change of any unit and of any directive is part of it: renaming a unit must not be
    answered with 304 Not Modified."""
    row = tasks.order_by().aggregate(
        last=Max("updated_at"),
        count=Count("pk"),
        units=Max(_latest_change(Unit)),
        directives=Max(_latest_change(Directive)),
    )
    return row["last"], row["count"], (row["units"], row["directives"])


# The columns of a feed row, in the order deadlines.feeds unpacks them. Units and directives
# repeat across thousands of rows, so they are read once each (FeedData), not joined per row.
FEED_FIELDS = (
    "pk",
    "title",
    "day",  # the deadline as ISO text "2026-03-31": parsed once per distinct date (see feeds)
    "deadline_text",
    "category",
    "progress",
    "version",
    "stamp",  # updated_at as UTC text: no per-row datetime parsing (see feeds._utc)
    "lead_unit_id",
    "directive_id",
    "clause__label",
)
ID_CHUNK = 500


@dataclass
class FeedData:
    rows: list[tuple]
    units: dict[int, tuple[str, str]] = field(default_factory=dict)  # id -> (short name, name)
    directives: dict[int, tuple[str, str, str, str]] = field(
        default_factory=dict
    )  # kind, number, symbol, subject


def _by_id(queryset: QuerySet, ids: set[int], *fields: str) -> dict[int, tuple]:
    found: dict[int, tuple] = {}
    ordered = sorted(ids)
    for i in range(0, len(ordered), ID_CHUNK):
        for pk, *values in queryset.filter(pk__in=ordered[i : i + ID_CHUNK]).values_list("pk", *fields):
            found[pk] = tuple(values)
    return found


def feed_data(*, tasks: QuerySet[Task], ctx: StatusContext) -> FeedData:
    """What the events show, as plain tuples in FEED_FIELDS order (no model instances:
    5,000 rows must be cheap); the status category comes from tasks.status, in SQL."""
    rows = list(
        tasks.annotate(
            category=category_expression(ctx),
            day=Cast("deadline", CharField()),
            stamp=Cast("updated_at", CharField()),
        )
        .order_by("deadline", "pk")
        .values_list(*FEED_FIELDS)
    )
    units = _by_id(Unit.objects.order_by(), {r[8] for r in rows}, "short_name", "name")
    directive_ids = {r[9] for r in rows if r[9] is not None}
    directives = _by_id(Directive.objects.order_by(), directive_ids, "kind", "number", "symbol", "subject")
    return FeedData(rows=rows, units=units, directives=directives)


def subscriptions_of(*, user: Any) -> QuerySet[CalendarSubscription]:
    return CalendarSubscription.objects.active().filter(user_id=user.pk).order_by("-created_at", "-pk")


def subscription_get_for_user(*, user: Any, pk: int) -> CalendarSubscription:
    """The user's own subscription (administrators: anyone's); 404 otherwise."""
    subscriptions = CalendarSubscription.objects.select_related("user", "unit", "directive")
    if not can(user, Action.CALENDAR_MANAGE_ANY):
        subscriptions = subscriptions.filter(user_id=user.pk)
    try:
        return subscriptions.get(pk=pk)
    except CalendarSubscription.DoesNotExist as exc:
        raise Http404 from exc


def unit_choices_for(*, user: Any) -> QuerySet[Unit]:
    """Units whose feed ``user`` may subscribe to: their own; leadership and Văn phòng: all."""
    units = active_units()
    roles = roles_for(user)
    if not roles.sees_everything:
        units = units.filter(pk__in=list(roles.member_unit_ids))
    return units.only("pk", "name", "short_name").order_by("ordering", "name")


def directive_choices_for(*, user: Any) -> QuerySet[Directive]:
    """Directives under follow-up with at least one task ``user`` may see (newest first)."""
    directives = Directive.objects.filter(status=Directive.Status.ACTIVE)
    if not roles_for(user).sees_everything:
        visible = Task.objects.filter(task_visibility_q(user), directive_id=OuterRef("pk"))
        directives = directives.filter(Exists(visible))
    return directives.only("pk", "kind", "number", "symbol", "subject").order_by("-issued_on", "-pk")[
        :DIRECTIVE_CHOICES_LIMIT
    ]
