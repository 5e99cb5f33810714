"""Scans (issue 14.4): OCR seconds per page and the task F1 of scanned fixtures against their text
versions. Each fixture directive is drawn into a PDF, rendered at 200 dpi into an image-only PDF
(as a scanner gives it), OCR'd with ocrmypdf -l vie, and parsed; its tasks are matched to the
tasks parsed from the text PDF by the words of their titles.   python bench/run.py ocr
(also run by ``bench/run.py parse``)."""

from __future__ import annotations

import re
import resource
import time
import unicodedata


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text or "").lower()
    return re.sub(r"[^\w\s]", " ", text).split()


def _match(expected: list[dict], found: list[dict], threshold: float = 0.8) -> int:
    """One-to-one matches: a found task matches an expected one when it has at least
    ``threshold`` of the expected title's first 12 words and the same lead units."""
    used: set[int] = set()
    matched = 0
    for e in expected:
        want = _words(e["title"])[:12]
        for j, f in enumerate(found):
            if j in used or not want:
                continue
            have = set(_words(f["title"]))
            share = sum(w in have for w in want) / len(want)
            if share >= threshold and f["lead_units"] == e["lead_units"]:
                used.add(j)
                matched += 1
                break
    return matched


def run(ctx=None) -> dict[str, float | str]:
    from directives.arrival import ocr, prepare
    from directives.parsing import parse_bytes
    from tests.directives.builders import CONG_VAN, KE_HOACH
    from tests.directives.test_ocr import scan_of, text_pdf

    if not ocr.available():
        return {"ocr_available": "no (apt-get install ocrmypdf tesseract-ocr-vie)"}
    pages = 0
    seconds = 0.0
    cpu = 0.0
    expected_n = found_n = matched = 0
    meta_equal = meta_total = 0
    for text in (CONG_VAN, KE_HOACH):
        pdf = text_pdf(text)
        scan = scan_of(pdf, dpi=200)
        pages += ocr.page_count(scan)
        started = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        arrival = prepare(scan, "scan.pdf")
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        seconds += time.perf_counter() - started
        cpu += (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        from_scan = parse_bytes(arrival.main_bytes, "scan.pdf").as_json()
        from_text = parse_bytes(pdf, "text.pdf").as_json()
        expected_n += len(from_text["tasks"])
        found_n += len(from_scan["tasks"])
        matched += _match(from_text["tasks"], from_scan["tasks"])
        for key in ("type", "number", "symbol", "issued_date", "issuer", "subject", "signer", "signer_title"):
            meta_total += 1
            meta_equal += from_scan["doc"][key] == from_text["doc"][key]
    precision = matched / found_n if found_n else 0.0
    recall = matched / expected_n if expected_n else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "ocr_pages": str(pages),
        "ocr_page_s": round(seconds / pages, 2),
        "ocr_page_cpu_s": round(cpu / pages, 2),  # ocrmypdf + tesseract CPU, one thread
        "ocr_task_f1": round(f1, 3),
        "ocr_tasks_text_vs_scan": f"{expected_n} / {found_n} ({matched} matched)",
        "ocr_meta_fields_equal": f"{meta_equal}/{meta_total}",
    }


if __name__ == "__main__":
    import os
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    for key, value in run().items():
        print(f"{key}: {value}")
