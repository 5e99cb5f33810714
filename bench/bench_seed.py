"""seed_100k_s: time to add 100,000 synthetic tasks over 300 units (issue: under 2 minutes)."""

from __future__ import annotations


def run(ctx) -> dict[str, float]:
    seconds = ctx.seed(100_000, units=300)
    return {"seed_100k_s": seconds}
