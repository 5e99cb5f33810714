"""Running the outside programs (LibreOffice, ocrmypdf): a fresh temporary directory, a timeout
that kills the whole process group, no network where the kernel lets us take it away, and a
minimal environment."""

from __future__ import annotations

import functools
import logging
import os
import shutil
import signal
import subprocess
from dataclasses import dataclass

logger = logging.getLogger("dondoc.arrival")


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool = False


def which(name: str) -> str | None:
    return shutil.which(name)


@functools.cache
def _no_network_prefix() -> tuple[str, ...]:
    """``unshare -rn`` (a private network namespace with only a loopback that is down) when the
    kernel allows unprivileged user namespaces; otherwise nothing."""
    unshare = shutil.which("unshare")
    if not unshare:
        return ()
    try:
        probe = subprocess.run([unshare, "-rn", "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ()
    return (unshare, "-rn") if probe.returncode == 0 else ()


def run(args: list[str], *, timeout: float, cwd: str, home: str, no_network: bool = True) -> Result:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": home,
        "TMPDIR": cwd,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "OMP_THREAD_LIMIT": "1",  # tesseract: one thread, the machine is shared with the web app
    }
    cmd = [*(_no_network_prefix() if no_network else ()), *args]
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, so a timeout kills soffice.bin too
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        out, err = proc.communicate()
        logger.warning("%s timed out after %ss", args[0], timeout)
        return Result(proc.returncode or -9, _tail(out), _tail(err), timed_out=True)
    return Result(proc.returncode, _tail(out), _tail(err))


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()


def _tail(data: bytes | None, limit: int = 2000) -> str:
    return (data or b"")[-limit:].decode("utf-8", "replace")
