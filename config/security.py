"""Content-Security-Policy: only our own scripts, styles, fonts and images.

Django 5.2 has no CSP support of its own; this small middleware adds the header to
every response that does not set one itself. The policy (settings.CONTENT_SECURITY_POLICY)
allows 'self' only: no CDN, no inline <script>, no on*="" handlers, no style="" attributes.
``data:`` images stay allowed because Bootstrap's CSS draws its icons (select arrow,
navbar toggler, close button) as data: SVGs.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"
REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only"
# PDFs (evidence shown inline) open in the browser's own viewer, which a document policy with
# object-src 'none' can leave blank; they carry no HTML to protect.
NOT_DOCUMENTS = ("application/pdf",)


def build_policy(directives: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(values)}".strip() for name, values in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = build_policy(settings.CONTENT_SECURITY_POLICY)
        self.header = REPORT_ONLY_HEADER if settings.CONTENT_SECURITY_POLICY_REPORT_ONLY else HEADER

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            self.policy
            and HEADER not in response
            and REPORT_ONLY_HEADER not in response
            and not response.get("Content-Type", "").startswith(NOT_DOCUMENTS)
        ):
            response[self.header] = self.policy
        return response
