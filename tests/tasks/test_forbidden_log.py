"""A refused write is logged as one line — who, what, which rule — not as a traceback."""

import logging

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_a_403_is_one_log_line_without_a_traceback(client, cast, task_a, caplog):
    client.force_login(cast.head_b)
    with caplog.at_level(logging.INFO):
        response = client.post(reverse("tasks:pause", args=[task_a.pk]), {"version": 1, "reason": "x"})
    assert response.status_code == 403
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 1, [r.getMessage() for r in lines]
    (line,) = lines
    assert line.name == "dondoc.permissions" and line.exc_info is None
    message = line.getMessage()
    assert f"POST /nhiem-vu/{task_a.pk}/tam-dung/" in message and f"user={cast.head_b.pk}" in message
    assert f"action=task_pause object={task_a.pk}" in message


def test_menu_links_reach_4_5_to_1_on_the_navigation_blue():
    """The menu colour in app.css against the navbar background, by the WCAG formula."""
    import re
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static/css/app.css").read_text()
    bg = re.search(r"\.bg-primary-subtle-dark \{ background-color: #(\w{6})", css).group(1)
    alpha = float(re.search(r"--bs-navbar-color: rgba\(255, 255, 255, ([.\d]+)\)", css).group(1))
    back = [int(bg[i : i + 2], 16) for i in (0, 2, 4)]
    fore = [alpha * 255 + (1 - alpha) * c for c in back]

    def luminance(rgb):
        def channel(v):
            v /= 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(v) for v in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    ratio = (luminance(fore) + 0.05) / (luminance(back) + 0.05)
    assert ratio >= 4.5
