"""Every page we serve satisfies the Content-Security-Policy: no inline code or styles.

A small crawler signs in as several roles, follows the links on each page (GET only,
same site) and parses every HTML response for what the policy would block: inline
<script> and <style> blocks, on*="" handlers, style="" attributes, javascript: URLs,
hx-on attributes (htmx evaluates them as code) and files from other hosts.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest

from tests.factories import DirectiveFactory

SKIP_PREFIXES = ("/dang-xuat/", "/i18n/", "/static/", "/media/", "/admin/logout/")
MAX_PAGES = 80
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class PolicyAudit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> handler")
            if name == "style":
                self.problems.append(f"<{tag} style=…> attribute")
            if name.startswith("hx-on"):
                self.problems.append(f"<{tag} {name}> (evaluated as code)")
            if value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:…>")
        if tag == "script":
            src = attributes.get("src")
            if src is None and (attributes.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
                self._in_script = True
            elif src and urlsplit(src).netloc:
                self.problems.append(f"<script src={src}> from another host")
        if tag == "style":
            self.problems.append("<style> block")
        if tag == "link" and urlsplit(attributes.get("href") or "").netloc:
            self.problems.append(f"<link href={attributes['href']}> from another host")
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script:
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.problems.append(f"inline <script>: {data.strip()[:60]!r}")


def crawl(client, start: str = "/") -> tuple[int, dict[str, list[str]]]:
    """Visit each path once (sort and page variants of a list render the same template)."""
    seen: set[str] = set()
    queue = [start]
    problems: dict[str, list[str]] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if urlsplit(url).path in seen:
            continue
        seen.add(urlsplit(url).path)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        audit = PolicyAudit()
        audit.feed(response.content.decode())
        if audit.problems:
            problems[url] = sorted(set(audit.problems))
        for href in audit.links:
            target, _fragment = urldefrag(href)
            parts = urlsplit(target)
            if parts.netloc or parts.scheme or not parts.path.startswith("/"):
                continue
            if target.startswith(SKIP_PREFIXES) or parts.path in seen:
                continue
            queue.append(target)
    return len(seen), problems


def test_the_auditor_finds_inline_code():
    audit = PolicyAudit()
    audit.feed(
        '<p style="color:red" onclick="x()">a</p><script>alert(1)</script>'
        '<script type="application/json">{"ok": 1}</script><style>p{}</style>'
        '<script src="https://cdn.example.com/x.js"></script><a href="javascript:void(0)">b</a>'
    )
    assert len(audit.problems) == 6


def test_login_page_satisfies_the_policy(client, db):
    assert crawl(client, "/dang-nhap/")[1] == {}


@pytest.mark.parametrize("who", ["admin", "chairman", "office", "head_a", "specialist_a"])
def test_signed_in_pages_satisfy_the_policy(client, cast, task_a, who):
    DirectiveFactory()
    client.force_login(getattr(cast, who))
    visited, problems = crawl(client)
    assert problems == {}
    assert visited >= 4  # home, profile, units, a unit at least
