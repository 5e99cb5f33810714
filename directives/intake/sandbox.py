"""Reading and parsing an upload in a child process with hard limits.

The intake job (a django-q2 worker) never parses in its own process: :func:`parse_in_sandbox`
starts ``python -m directives.intake.sandbox``, which sets ``RLIMIT_CPU`` and ``RLIMIT_AS``
on itself before reading anything, gets the file on stdin and writes the parse as JSON on
stdout. The parent waits with a wall-clock timeout and kills the child's process group when it
is exceeded. Whatever the input does to the child, its memory goes back to the system when it
exits, and the worker stays small.

The child does not set Django up and never touches the database: the working-day calendar's
overrides come in with the request (the parser gets its calendar passed in).

Protocol: stdin = one JSON line ``{"filename", "overrides": [[iso, bool], …], "limits": {…}}``
followed by the file's bytes; stdout = one JSON document, ``{"ok": true, …}`` or
``{"ok": false, "message", "code", "log_message"}``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger("dondoc.intake")

BASE_DIR = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class SandboxLimits:
    cpu_seconds: int = 60
    memory_bytes: int = 1536 * 1024 * 1024  # address space: Python + lxml on a 25 MB part fits
    wall_seconds: float = 90.0
    output_bytes: int = 64 * 1024 * 1024


@dataclass
class SandboxResult:
    ok: bool
    payload: dict = field(default_factory=dict)
    message: str = ""
    code: str = ""
    log_message: str = ""
    seconds: float = 0.0
    peak_rss_kb: int = 0  # the child's peak resident memory


TIMEOUT_MESSAGE = (
    "Đọc văn bản mất quá nhiều thời gian nên hệ thống đã dừng lại. Tệp có thể quá lớn hoặc bị "
    "lỗi; vui lòng kiểm tra tệp, hoặc tách phần phụ lục ra rồi tải lên lại."
)
MEMORY_MESSAGE = (
    "Đọc văn bản cần quá nhiều bộ nhớ nên hệ thống đã dừng lại. Tệp có thể quá lớn hoặc bị lỗi; "
    "vui lòng kiểm tra tệp rồi tải lên lại."
)
CRASH_MESSAGE = "Không đọc được tệp do lỗi hệ thống. Vui lòng thử lại; nếu vẫn lỗi, báo quản trị viên."


# --------------------------------------------------------------------------- parent side


def parse_in_sandbox(
    data: bytes,
    filename: str,
    *,
    overrides: list[tuple[str, bool]] | None = None,
    limits: SandboxLimits | None = None,
) -> SandboxResult:
    limits = limits or SandboxLimits()
    header = json.dumps({"filename": filename, "overrides": overrides or []}).encode("utf-8")
    env = {**os.environ, "PYTHONPATH": str(BASE_DIR), "PYTHONDONTWRITEBYTECODE": "1"}
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    started = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    # The child sets its own limits first thing (no preexec_fn: it is unsafe in a threaded
    # parent); its own session, so the kill below takes any grandchild with it.
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "directives.intake.sandbox",
            str(limits.cpu_seconds),
            str(limits.memory_bytes),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=str(BASE_DIR),
        env=env,
        start_new_session=True,
        close_fds=True,
    )
    timed_out = False
    try:
        out, err = proc.communicate(header + b"\n" + data, timeout=limits.wall_seconds)
    except subprocess.TimeoutExpired:
        timed_out = True
        _kill(proc)
        out, err = proc.communicate()
    seconds = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far; report it when it grew
    peak = after.ru_maxrss if after.ru_maxrss > before.ru_maxrss else 0
    rc = proc.returncode
    if timed_out or rc in (-signal.SIGXCPU, -signal.SIGKILL):
        logger.warning("intake parse stopped after %.1fs (rc=%s, timeout=%s)", seconds, rc, timed_out)
        return SandboxResult(
            False,
            message=TIMEOUT_MESSAGE,
            code="timeout",
            log_message=f"parse killed after {seconds:.1f}s (rc={rc})",
            seconds=seconds,
            peak_rss_kb=peak,
        )
    if len(out) > limits.output_bytes:
        return SandboxResult(False, message=CRASH_MESSAGE, code="output", seconds=seconds, peak_rss_kb=peak)
    try:
        result = json.loads(out.decode("utf-8")) if out else None
    except (UnicodeDecodeError, json.JSONDecodeError):
        result = None
    if not isinstance(result, dict):
        tail = err.decode("utf-8", "replace")[-2000:]
        memory = "MemoryError" in tail or "Cannot allocate memory" in tail
        logger.error("intake parse child failed (rc=%s): %s", rc, tail)
        return SandboxResult(
            False,
            message=MEMORY_MESSAGE if memory else CRASH_MESSAGE,
            code="memory" if memory else "crash",
            log_message=f"child rc={rc}: {tail[-300:]}",
            seconds=seconds,
            peak_rss_kb=peak,
        )
    peak = int(result.pop("peak_rss_kb", 0) or 0) or peak
    if not result.get("ok"):
        return SandboxResult(
            False,
            message=result.get("message") or CRASH_MESSAGE,
            code=result.get("code", "refused"),
            log_message=result.get("log_message", ""),
            seconds=seconds,
            peak_rss_kb=peak,
        )
    return SandboxResult(True, payload=result, seconds=seconds, peak_rss_kb=peak)


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()


# --------------------------------------------------------------------------- child side


def limit_self(cpu_seconds: int, memory_bytes: int) -> None:
    """CPU seconds (SIGXCPU, then SIGKILL 5 s later) and address space for this process."""
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _child_main(argv: list[str]) -> int:
    if len(argv) >= 2:
        limit_self(int(argv[0]), int(argv[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings

    settings.USE_I18N = False  # no app registry here; messages stay in their Vietnamese source

    stdin = sys.stdin.buffer
    header = json.loads(stdin.readline().decode("utf-8"))
    data = stdin.read()
    try:
        payload = run_parse(data, header.get("filename", ""), header.get("overrides") or [])
    except MemoryError:
        payload = {"ok": False, "message": MEMORY_MESSAGE, "code": "memory", "log_message": "MemoryError"}
    payload["peak_rss_kb"] = _own_peak_kb()
    sys.stdout.write(json.dumps(payload, ensure_ascii=False))
    sys.stdout.flush()
    return 0


def _own_peak_kb() -> int:
    """This process's peak resident memory since exec (VmHWM; ru_maxrss would include the
    parent's, since it survives fork and exec)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_parse(data: bytes, filename: str, overrides: list) -> dict:
    """Read with limits, parse, and return the JSON the intake builds its draft from."""
    from deadlines.workdays import WorkCalendar
    from directives.intake import limits
    from directives.intake.serialize import serialize_parse
    from directives.parsing import DirectiveParseError, parse_document
    from directives.parsing.readers import decode_text, read_bytes, read_text, sniff_kind

    calendar = WorkCalendar({dt.date.fromisoformat(d): bool(w) for d, w in overrides})
    started = time.monotonic()
    try:
        if not data:
            read_bytes(data, filename)  # raises the reader's "empty file" message
        kind = sniff_kind(data, filename)
        limits.check_text_bytes(data, kind)
        if kind == "docx":
            limits.check_package(data)
        if kind == "text" and Path(filename).suffix.lower() not in {
            ".doc",
            ".xls",
            ".xlsx",
            ".odt",
            ".rtf",
            ".zip",
        }:
            text = decode_text(data)
            if len(text) > limits.MAX_TEXT_CHARS:
                raise limits.too_much_text(len(text))
            source = read_text(text)
        else:
            source = read_bytes(data, filename)
        figures = limits.check_document(source)
        read_s = time.monotonic() - started
        parsed = parse_document(source, calendar=calendar)
        payload = serialize_parse(parsed)
        limits.check_parse(len(payload["tasks"]), len(payload["clauses"]))
    except DirectiveParseError as exc:
        return {"ok": False, "message": exc.message, "code": exc.code, "log_message": exc.log_message}
    payload["ok"] = True
    payload["stats"] = {
        **figures,
        "read_s": round(read_s, 3),
        "parse_s": round(time.monotonic() - started - read_s, 3),
        "source_kind": parsed.source_kind,
    }
    return payload


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1:]))
