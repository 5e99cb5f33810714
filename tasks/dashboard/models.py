"""The dashboard's running tally (tasks.dashboard.tally): counts kept exact by database
triggers on tasks_task, so the chairman's dashboard reads a few hundred rows instead of
counting every task. Imported by tasks.models so the models belong to the "tasks" app."""

from __future__ import annotations

from django.db import models


class TaskTally(models.Model):
    """How many counted tasks fall in one bucket, as of ``TaskTallyState.as_of``.

    dim "u": ref = lead unit id, category = the task's status category today;
    dim "m": ref = yyyymm of the deadline, category "overdue" or "done_late" (the chart's
    "new overdue" series); dim "c": ref = yyyymm of the completion date, category "done";
    dim "d": ref = directive id, category "tasks" (every task of it, series included: the
    dashboard's directive filter lists the directives that have tasks). Recurring series are
    never counted in the other dimensions. Written only by the triggers and tally.rebuild()."""

    dim = models.CharField(max_length=1)
    ref = models.BigIntegerField()
    category = models.CharField(max_length=16)
    n = models.IntegerField(default=0)

    class Meta:
        app_label = "tasks"
        constraints = [
            models.UniqueConstraint(fields=["dim", "ref", "category"], name="tasks_tally_one_bucket"),
        ]

    def __str__(self) -> str:
        return f"{self.dim}:{self.ref}:{self.category}={self.n}"


class TaskTallyState(models.Model):
    """One row (id 1): the day the tally's categories were computed for, and the last day
    still "sắp đến hạn" then. ``as_of`` NULL (or no row) means not built: triggers do
    nothing and the first read builds it."""

    as_of = models.DateField(null=True)
    due_soon_until = models.DateField(null=True)
    built_at = models.DateTimeField(null=True)

    class Meta:
        app_label = "tasks"

    def __str__(self) -> str:
        return f"tally as of {self.as_of}"
