"""Geometry of the server-rendered SVG bar chart (no JavaScript, no CDN).

Coordinates are pre-formatted strings so that number localisation in templates
(a decimal comma in Vietnamese) can never break an SVG attribute.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from tasks.dashboard.selectors import MonthPoint

HEIGHT = 240
TOP = 16
BOTTOM = 44  # room for the month labels
LEFT = 44
GROUP = 56
BAR = 20
GAP = 4


@dataclass
class Bar:
    x: str
    y: str
    width: str
    height: str
    value: int
    href: str | None
    label: str
    css: str
    fill: str
    text_y: str
    text_x: str


@dataclass
class Group:
    label: str
    x: str
    bars: list[Bar]

    @property
    def bars_svg(self) -> str:
        """The group's bars as SVG, built in one pass (a template loop per bar cost more than
        the rest of the chart)."""
        parts = []
        for bar in self.bars:
            title = f"{bar.label} {self.label}: {bar.value}"
            rect = format_html(
                '<rect class="{}" x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
                bar.css,
                bar.x,
                bar.y,
                bar.width,
                bar.height,
                bar.fill,
                title,
            )
            if bar.value:
                rect += format_html(
                    '<text x="{}" y="{}" text-anchor="middle" fill="#212529" font-size="10">{}</text>',
                    bar.text_x,
                    bar.text_y,
                    bar.value,
                )
            if bar.href:
                rect = format_html('<a href="{}" aria-label="{}">{}</a>', bar.href, title, rect)
            parts.append(rect)
        return mark_safe("".join(parts))  # noqa: S308 - every part went through format_html


@dataclass
class Tick:
    y: str
    value: int


@dataclass
class Chart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    baseline: str
    groups: list[Group]
    ticks: list[Tick]
    empty: bool


def _nice_max(value: int, ticks: int = 4) -> int:
    """The top of the axis: ``ticks`` equal whole-number steps of a round size reaching ``value``."""
    if value <= ticks:
        return ticks
    magnitude = 10 ** int(math.floor(math.log10(value / ticks)))
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        size = step * magnitude
        if size == int(size) and size * ticks >= value:
            return int(size) * ticks
    return 10 * magnitude * ticks


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def month_chart(points: list[MonthPoint], *, completed_label: str, overdue_label: str) -> Chart:
    width = LEFT + GROUP * max(len(points), 1) + 8
    plot_height = HEIGHT - TOP - BOTTOM
    top_value = _nice_max(max([p.completed for p in points] + [p.new_overdue for p in points] + [0]))
    scale = plot_height / top_value
    baseline = TOP + plot_height
    ticks = [Tick(y=_fmt(baseline - scale * top_value * i / 4), value=top_value * i // 4) for i in range(5)]
    groups = []
    for index, point in enumerate(points):
        left = LEFT + GROUP * index + (GROUP - 2 * BAR - GAP) / 2
        bars = []
        for offset, (value, href, label, css, fill) in enumerate(
            [
                (point.completed, point.completed_url, completed_label, "bar-done", "#198754"),
                (point.new_overdue, point.new_overdue_url, overdue_label, "bar-overdue", "#dc3545"),
            ]
        ):
            h = scale * value
            x = left + offset * (BAR + GAP)
            bars.append(
                Bar(
                    x=_fmt(x),
                    y=_fmt(baseline - h),
                    width=str(BAR),
                    height=_fmt(h),
                    value=value,
                    href=href,
                    label=label,
                    css=css,
                    fill=fill,
                    text_x=_fmt(x + BAR / 2),
                    text_y=_fmt(baseline - h - 3),
                )
            )
        groups.append(
            Group(label=point.month.strftime("%m/%Y"), x=_fmt(LEFT + GROUP * index + GROUP / 2), bars=bars)
        )
    return Chart(
        width=width,
        height=HEIGHT,
        plot_left=LEFT,
        plot_right=width - 4,
        baseline=_fmt(baseline),
        groups=groups,
        ticks=ticks,
        empty=not any(p.completed or p.new_overdue for p in points),
    )
