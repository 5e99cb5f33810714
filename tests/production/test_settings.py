"""Production settings: `check --deploy` is clean with the documented variables; security headers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# The production variables README.md documents (values are examples).
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "t9W!kq2#Lr8vZp4@xN7mY1sB6cF3hJ0dG5eA-uR_oI8wQ2zE9lK4nT7yU1vX6bM3",
    "ALLOWED_HOSTS": "dondoc.example.gov.vn",
    "CSRF_TRUSTED_ORIGINS": "https://dondoc.example.gov.vn",
    "SITE_URL": "https://dondoc.example.gov.vn",
    "BEHIND_PROXY": "1",
    "LOG_FORMAT": "json",
}


def _manage(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and not k.startswith("SECURE_")}
    clean.update(env)
    clean["VAR_DIR"] = str(tmp_path)
    clean.setdefault("DATABASE_URL", f"sqlite:///{tmp_path / 'deploy.sqlite3'}")
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_has_no_warnings_with_the_production_variables(tmp_path):
    result = _manage(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_https_is_switched_off(tmp_path):
    env = {**PRODUCTION_ENV, "SESSION_COOKIE_SECURE": "0", "SECURE_HSTS_SECONDS": "0"}
    result = _manage(["check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)
    assert result.returncode != 0
    assert "security.W012" in result.stderr and "security.W004" in result.stderr


def test_secret_key_is_required_when_debug_is_off(tmp_path):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _manage(["check"], env, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_bad_log_format_is_refused(tmp_path):
    result = _manage(["check"], {"LOG_FORMAT": "xml"}, tmp_path)
    assert result.returncode != 0
    assert "LOG_FORMAT" in result.stderr


@pytest.fixture
def production_like(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    return settings


def test_https_headers_and_secure_cookies(client, cast, production_like):
    https = {"HTTP_X_FORWARDED_PROTO": "https"}
    assert client.get("/dang-nhap/").status_code == 301  # plain HTTP goes to HTTPS
    response = client.get("/dang-nhap/", **https)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response.cookies["csrftoken"]["secure"]
    response = client.post(
        "/dang-nhap/", {"username": "head_a", "password": "pass-1234"}, secure=True, **https
    )
    assert response.status_code == 302
    session_cookie = response.cookies["sessionid"]
    assert session_cookie["secure"] and session_cookie["httponly"]
    assert session_cookie["max-age"] == 8 * 3600


def test_content_security_policy_allows_only_our_own_files(client, cast):
    response = client.get("/dang-nhap/")
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "http" not in response["Content-Security-Policy"]  # no CDN


def test_content_security_policy_report_only_switch(client, db, settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = True
    response = client.get("/dang-nhap/")
    assert "Content-Security-Policy" not in response
    assert "script-src 'self'" in response["Content-Security-Policy-Report-Only"]


def test_pdf_responses_carry_no_document_policy(rf, settings):
    from django.http import HttpResponse

    from config.security import ContentSecurityPolicyMiddleware

    middleware = ContentSecurityPolicyMiddleware(
        lambda request: HttpResponse(b"%PDF-1.4", content_type="application/pdf")
    )
    assert "Content-Security-Policy" not in middleware(rf.get("/"))
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse(b"<p>x</p>"))
    assert "Content-Security-Policy" in middleware(rf.get("/"))


def test_error_pages_are_vietnamese(client, cast, settings):
    settings.DEBUG = False
    client.force_login(cast.head_a)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_server_error_page_renders_without_a_request_context(db, settings):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Lỗi hệ thống" in html and "<script>" not in html
