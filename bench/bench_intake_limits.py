"""Hostile uploads through the real intake job (issue 15.5): for each case, the seconds from
queued to its message, the sandboxed child's peak memory, and what the worker process itself
kept (its resident memory before and after all cases: the child's memory is returned when it
exits).  python bench/run.py intake_limits"""

from __future__ import annotations

import resource
import time


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(ctx) -> dict:
    from directives.intake import intake_process, intake_submit
    from directives.intake import process as process_module
    from directives.models import Directive, IntakeDraft
    from tests.directives import hostile
    from tests.directives.builders import KE_HOACH

    figures: dict[str, float | str] = {}
    cases = dict(hostile.CASES)
    cases["real_ke_hoach"] = ("kh.txt", lambda: KE_HOACH.encode())
    seen = []
    real_parse = process_module.parse_in_sandbox

    def recording(*args, **kwargs):
        result = real_parse(*args, **kwargs)
        seen.append(result)
        return result

    process_module.parse_in_sandbox = recording
    directives_before = Directive.objects.count()
    worker_before = _rss_mb()
    for name, (filename, build) in cases.items():
        data = build()
        draft = intake_submit(actor=None, data=data, filename=filename)
        started = time.perf_counter()
        status = intake_process(draft.pk)
        seconds = time.perf_counter() - started
        draft.refresh_from_db()
        peak_kb = seen[-1].peak_rss_kb if seen else 0
        figures[f"{name}_s"] = round(seconds, 2)
        figures[f"{name}_child_peak_mb"] = round(peak_kb / 1024, 1)
        figures[f"{name}_upload_kb"] = round(len(data) / 1024)
        ctx.notes.append(f"{name}: {status}: {draft.error_message[:90] or 'ready'}")
    figures["worker_rss_before_mb"] = round(worker_before, 1)
    figures["worker_rss_after_mb"] = round(_rss_mb(), 1)
    process_module.parse_in_sandbox = real_parse
    figures["directives_created"] = Directive.objects.count() - directives_before
    figures["drafts_failed"] = IntakeDraft.objects.filter(status=IntakeDraft.Status.FAILED).count()
    return figures
