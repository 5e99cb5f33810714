"""Parsing time grows linearly with the input: four times the text may take at most about four
times as long (a generous factor absorbs a busy machine; a quadratic pass would take sixteen)."""

from __future__ import annotations

import time

from bench.bench_parse import build_long_line, build_text
from directives.parsing import lines as lines_mod
from directives.parsing import metadata as metadata_mod
from directives.parsing.readers import read_text
from directives.parsing.references import find_references
from directives.parsing.timeexpr import extract_deadline

FACTOR = 8.0  # linear: 4; quadratic: 16


def _best(fn, runs: int = 3) -> float:
    """Best CPU time of a few runs (CPU, not wall time: other work on the machine does not count)."""
    times = []
    for _ in range(runs):
        started = time.process_time()
        fn()
        times.append(time.process_time() - started)
    return max(min(times), 1e-3)


def _layout_passes(text: str) -> None:
    lines, _tables, _fn, _an = lines_mod.to_lines(read_text(text))
    full = "\n".join(ln.text for ln in lines)
    metadata_mod.extract(lines, full)
    find_references(full)


def test_reading_lines_metadata_and_references_are_linear():
    small, large = build_text(100_000), build_text(400_000)
    assert _best(lambda: _layout_passes(large)) < FACTOR * _best(lambda: _layout_passes(small))


def test_a_long_line_is_linear():
    small, large = build_long_line(50_000), build_long_line(200_000)
    assert _best(lambda: _layout_passes(large)) < FACTOR * _best(lambda: _layout_passes(small))


def test_deadlines_in_a_long_clause_are_linear():
    small, large = build_long_line(20_000), build_long_line(80_000)

    def run(text):
        return lambda: extract_deadline([(text, False)], doc_date=None, doc_year=2025)

    assert _best(run(large)) < FACTOR * _best(run(small))
