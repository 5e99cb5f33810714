"""Browser harness: Playwright (sync API) driving Debian's Chromium against live_server.

Nothing here downloads a browser: /usr/bin/chromium comes from apt (`.ci/run` installs it);
without it every e2e test is skipped with a reason.

Fixtures
    browser         one headless Chromium for the session
    clock           the day is fixed (TODAY_AT, ticking) for the test and the live server
    demo            the demo district (seed_demo) in a transactional database, on that day
    story           demo + a fresh directive whose task for Phòng Nội vụ is due in 2 working days
    open_page       open_page(width=1280) -> a fresh, signed-out page on live_server
    login           login(page, username) through the real login form
    shots           shots(page, "name"): checks the page (below), then saves
                    tests/e2e/screenshots/<journey>[-<variant>]-<nn>-<name>.png

Helpers (import from tests.e2e.conftest)
    check_page(page)        title, one h1, labelled fields, visible keyboard focus
    check_phone_width(page) no horizontal overflow at 390 px; tables scroll in .table-responsive
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
DEMO_PASSWORD = "dondoc2026"
PHONE_WIDTH = 390
PHONE_TOLERANCE = 2  # px: sub-pixel rounding, not a real overflow
TIMEOUT_MS = 10_000
# Tuesday 10/03/2026, 09:00 in Hà Nội: a working day well clear of Tết and of the year's end.
TODAY_AT = dt.datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


# --- Playwright and the browser --------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _needs_chromium() -> None:
    """Skip before any database work when there is no browser to drive (session-scoped and
    autouse, so it runs before the test database and the browser are set up)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium); browser tests skipped")


@pytest.fixture(scope="session")
def _playwright() -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev extra installs it
        pytest.skip("playwright is not installed (pip install -e '.[dev]')")
    # Playwright's sync API keeps an asyncio loop in this thread, so Django's async-unsafe
    # guard would refuse ORM calls made by the test body. Only while the browser is alive.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    manager = sync_playwright().start()
    try:
        yield manager
    finally:
        manager.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(_playwright):
    for stale in SCREENSHOTS.glob("FAILED-*.png"):
        stale.unlink()
    browser = _playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


# --- Data -------------------------------------------------------------------------------------


@pytest.fixture
def clock() -> Iterator[object]:
    """Every e2e test runs on a fixed, ordinary working morning (the clock keeps ticking):
    no weekend, holiday, year-end or midnight in the middle of a journey. time-machine patches
    the clock process-wide, so the live server thread sees the same day."""
    import time_machine

    with time_machine.travel(TODAY_AT, tick=True) as traveller:
        yield traveller


@pytest.fixture
def demo(transactional_db, clock, settings):
    """The demo district: units, users (password dondoc2026), directives and tasks."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", quiet=True)


@dataclass
class Story:
    """A fresh directive with one task for Phòng Nội vụ, "sắp đến hạn" today."""

    today: dt.date
    deadline: dt.date  # two working days ahead: due soon, so it is on the head's home page
    new_deadline: dt.date  # what the head asks for in the extension request
    task: object
    users: dict[str, object]

    def unit(self, name: str):
        from units.models import Unit

        return Unit.objects.get(name=name)


@pytest.fixture
def story(demo) -> Story:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from deadlines.workdays import add_working_days
    from directives.models import Directive
    from directives.services import directive_create
    from tasks.services import task_create
    from units.models import Unit

    today = timezone.localdate()
    users = get_user_model().objects.in_bulk(
        ["vanthu", "chutich", "truongphong.noivu", "chuyenvien.noivu"], field_name="username"
    )
    deadline = add_working_days(today, 2)
    directive = directive_create(
        actor=users["vanthu"],
        kind=Directive.Kind.CONG_VAN,
        number="901",
        symbol="UBND-NV",
        issuer="UBND huyện Mộ Đức",
        place="Mộ Đức",
        issued_on=today,
        received_on=today,
        subject="Rà soát hồ sơ cán bộ, công chức phục vụ chuyển đổi số",
        signer="Nguyễn Văn An",
        signer_title="CHỦ TỊCH",
        clauses=[{"label": "1", "text": "Phòng Nội vụ rà soát, cập nhật hồ sơ cán bộ, công chức."}],
    )
    task = task_create(
        actor=users["vanthu"],
        directive=directive,
        clause=directive._created_clauses[0],
        title="Rà soát, cập nhật hồ sơ cán bộ, công chức trên phần mềm",
        lead_unit=Unit.objects.get(name="Phòng Nội vụ"),
        deadline=deadline,
        deadline_text="Trước ngày " + deadline.strftime("%d/%m/%Y"),
    )
    return Story(
        today=today,
        deadline=deadline,
        new_deadline=add_working_days(deadline, 10),
        task=task,
        users=users,
    )


# --- Pages ------------------------------------------------------------------------------------


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"_e2e_{report.when}", report)
    return report


@pytest.fixture
def open_page(browser, live_server, request) -> Iterator[Callable]:
    """open_page(width=1280, height=900) -> a new page in its own (signed-out) context.

    JavaScript errors and Content-Security-Policy violations on any page fail the test:
    a user would meet them too.
    """
    contexts = []
    errors: list[str] = []

    def _open(width: int = 1280, height: int = 900):
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": height},
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
            accept_downloads=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
        page.on("console", lambda msg: _console(page, msg, errors))
        return page

    yield _open
    call = getattr(request.node, "_e2e_call", None)
    if call is not None and call.failed:  # keep what the browser showed when it failed
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for i, context in enumerate(contexts):
            for j, page in enumerate(context.pages):
                name = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")
                page.screenshot(path=str(SCREENSHOTS / f"FAILED-{name}-{i}{j}.png"), full_page=True)
    for context in contexts:
        context.close()
    assert not errors, "JavaScript errors in the browser:\n" + "\n".join(errors)


def _console(page, msg, errors: list[str]) -> None:
    # Inline code blocked by the Content-Security-Policy shows up only in the console.
    if msg.type == "error" and "Content Security Policy" in msg.text:
        errors.append(f"{page.url}: {msg.text}")


@pytest.fixture
def login() -> Callable:
    def _login(page, username: str, password: str = DEMO_PASSWORD) -> None:
        page.goto(reverse("login"))
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(lambda url: reverse("login") not in url)

    return _login


@pytest.fixture
def logout() -> Callable:
    def _logout(page) -> None:
        page.context.clear_cookies()

    return _logout


@pytest.fixture
def shots(request) -> Callable:
    """shots(page, "name") runs check_page (and check_phone_width on a phone-sized page),
    then saves a full-page PNG named after the journey (module) and its variant
    (parametrize id), numbered in order. check=False only screenshots."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    journey = request.node.module.__name__.rpartition(".")[2].removeprefix("test_")
    variant = request.node.callspec.id if hasattr(request.node, "callspec") else ""
    prefix = re.sub(r"[^a-z0-9]+", "-", f"{journey}-{variant}".lower()).strip("-")
    counter = {"n": 0}

    def _shot(page, name: str, *, check: bool = True) -> Path:
        if check:  # every page a journey shows is also checked
            check_page(page)
            if page.viewport_size["width"] <= PHONE_WIDTH:
                check_phone_width(page)
        counter["n"] += 1
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        path = SCREENSHOTS / f"{prefix}-{counter['n']:02d}-{slug}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot


# --- Checks run on every page the journeys visit ------------------------------------------------

_A11Y_JS = """
() => {
  const problems = [];
  if (!document.title.trim()) problems.push("the page has no <title> text");
  const h1s = [...document.querySelectorAll("h1")];
  if (h1s.length !== 1) problems.push(`expected exactly one <h1>, found ${h1s.length}`);
  else if (!h1s[0].textContent.trim()) problems.push("the <h1> is empty");
  const skip = new Set(["hidden", "submit", "button", "reset", "image"]);
  const shown = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
      && getComputedStyle(el).visibility !== "hidden";
  const named = (ids) => (ids || "").split(/\\s+/).filter(Boolean)
      .some((id) => { const t = document.getElementById(id); return t && t.textContent.trim(); });
  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (el.tagName === "INPUT" && skip.has((el.getAttribute("type") || "text").toLowerCase())) continue;
    if (!shown(el)) continue;
    const labelled = [...(el.labels || [])].some((l) => l.textContent.trim())
      || (el.getAttribute("aria-label") || "").trim()
      || named(el.getAttribute("aria-labelledby"));
    if (!labelled) {
      problems.push(`form field without a label: <${el.tagName.toLowerCase()} name="${el.name || ""}" id="${el.id || ""}">`);
    }
  }
  return problems;
}
"""

_FOCUS_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
  const shadow = s.boxShadow && s.boxShadow !== "none";
  return {tag: el.tagName.toLowerCase(), text: (el.textContent || el.value || "").trim().slice(0, 40),
          visible: !!(outline || shadow)};
}
"""


# After a Tab (keyboard modality), focus the page's own controls one by one: each must show
# an outline or a box-shadow when it has focus.
_MAIN_FOCUS_JS = """
(limit) => {
  const selector = "main a[href], main button, main summary, main select, main textarea, "
    + "main input:not([type=hidden])";
  const shown = (el) => el.getClientRects().length && getComputedStyle(el).visibility !== "hidden";
  const bad = [];
  let tried = 0;
  for (const el of document.querySelectorAll(selector)) {
    if (tried >= limit) break;
    if (!shown(el) || el.disabled || el.tabIndex < 0) continue;
    tried += 1;
    el.focus({preventScroll: true});
    if (document.activeElement !== el) continue;
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
    const shadow = s.boxShadow && s.boxShadow !== "none";
    if (!outline && !shadow) {
      bad.push(`<${el.tagName.toLowerCase()}> ${(el.textContent || el.name || "").trim().slice(0, 40)}`);
    }
  }
  return {tried, bad};
}
"""


def check_page(page, *, focus_stops: int = 2, main_controls: int = 25) -> None:
    """Accessibility basics: a title, exactly one h1, every shown form field labelled, and
    keyboard focus visible: on the first links/buttons reached with Tab, then on the first
    ``main_controls`` links, buttons and fields of the page's main content."""
    problems = page.evaluate(_A11Y_JS)
    assert not problems, f"{page.url}: " + "; ".join(problems)
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    seen = 0
    for _ in range(12):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUS_JS)
        if focused is None or focused["tag"] not in {"a", "button"}:
            continue
        assert focused["visible"], (
            f"{page.url}: keyboard focus is invisible on <{focused['tag']}> {focused['text']!r}"
        )
        seen += 1
        if seen >= focus_stops:
            break
    assert seen, f"{page.url}: Tab never reached a link or button"
    result = page.evaluate(_MAIN_FOCUS_JS, main_controls)
    assert not result["bad"], f"{page.url}: keyboard focus is invisible on " + "; ".join(result["bad"])
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")


_PHONE_JS = """
() => {
  const tables = [...document.querySelectorAll("table")].filter(
      (t) => t.getClientRects().length && !t.closest(".table-responsive"));
  return {width: document.documentElement.scrollWidth,
          loose: tables.map((t) => t.className || t.id || "table")};
}
"""


def check_phone_width(page, width: int = PHONE_WIDTH) -> None:
    """Usable on a phone: the page never scrolls sideways; wide tables scroll in their own box."""
    result = page.evaluate(_PHONE_JS)
    assert result["width"] <= width + PHONE_TOLERANCE, (
        f"{page.url}: page is {result['width']} px wide on a {width} px screen (horizontal overflow)"
    )
    assert not result["loose"], f"{page.url}: tables outside .table-responsive: {result['loose']}"
