"""``POST /api/v1/van-ban-den/``: an e-office system pushes an incoming document (issue 14.6).

Authentication is a per-system token (``Authorization: Bearer dd_…``, see
directives.arrival.clients), not a session, so this one view is exempt from CSRF. The body is
multipart with the document in the ``file`` field: an .edxml package, a PDF or a Word file
(.docx, .doc, .rtf, .odt). The document becomes an intake draft on channel "api", read by the
worker like an upload, and shows in the office's intake queue; the answer is JSON
``{"id", "status", "review_url"}`` (201).

Errors are JSON ``{"error": code, "message": Vietnamese text}``: 401 without or with a bad or
revoked token, 413 over the size limit (checked on Content-Length before the body is read, and
on the file), 400 for anything else that is not a document we take, 405 for other methods.
"""

from __future__ import annotations

import io
import logging
import zipfile

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from directives.arrival import sniff
from directives.arrival.clients import api_client_authenticate
from directives.models import IntakeDraft
from directives.parsing.readers import MAX_FILE_BYTES

logger = logging.getLogger("dondoc.api")

FIELD = "file"
MAX_BODY_BYTES = MAX_FILE_BYTES + 1024 * 1024  # the file plus multipart framing


def _error(status: int, code: str, message: str) -> JsonResponse:
    response = JsonResponse(
        {"error": code, "message": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="dondoc"'
    return response


def _token(request) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() in ("bearer", "token"):
        return value.strip()
    return ""


def _accepted(data: bytes, filename: str) -> bool:
    """An edXML package, a PDF or a Word document (Office Open XML, Word 97, RTF, ODT)."""
    kind = sniff(data, filename)
    if kind in ("edxml", "pdf", "doc"):
        return True
    if data[:4] != b"PK\x03\x04":
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "word/document.xml" in package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


@csrf_exempt
def van_ban_den(request):
    if request.method != "POST":
        response = _error(405, "method", "Chỉ nhận phương thức POST.")
        response["Allow"] = "POST"
        return response
    client = api_client_authenticate(token=_token(request))
    if client is None:
        logger.warning(
            "API: refused a request without a valid token from %s", request.META.get("REMOTE_ADDR")
        )
        return _error(401, "unauthorized", "Thiếu mã truy cập hoặc mã không hợp lệ (đã bị thu hồi).")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        return _too_large(client)
    upload = request.FILES.get(FIELD)
    if upload is None:
        return _error(400, "no_file", f"Thiếu tệp văn bản (trường “{FIELD}” của biểu mẫu multipart).")
    if upload.size > MAX_FILE_BYTES:
        return _too_large(client)
    data = upload.read()
    name = (upload.name or "").rsplit("/", 1)[-1][:255]
    if not data:
        return _error(400, "empty", "Tệp rỗng, không có nội dung để đọc.")
    if not _accepted(data, name):
        return _error(400, "unsupported", "Chỉ nhận gói edXML, tệp PDF hoặc Word (.docx, .doc, .rtf, .odt).")
    from directives.intake import intake_submit

    try:
        draft = intake_submit(
            actor=client.user,
            data=data,
            filename=name,
            channel=IntakeDraft.Channel.API,
            api_client=client,
        )
    except ValidationError as exc:
        if getattr(exc, "code", "") == "too_large":
            return _too_large(client)
        return _error(400, getattr(exc, "code", None) or "invalid", " ".join(exc.messages))
    logger.info("API: client %s submitted %r as draft %s", client.pk, name, draft.pk)
    return JsonResponse(
        {
            "id": str(draft.pk),
            "status": draft.status,
            "review_url": request.build_absolute_uri(reverse("directives:review", args=[draft.pk])),
        },
        status=201,
    )


def _too_large(client) -> JsonResponse:
    logger.info("API: client %s sent a file over the limit", client.pk)
    return _error(
        413, "too_large", f"Tệp vượt quá dung lượng cho phép ({MAX_FILE_BYTES // (1024 * 1024)} MB)."
    )


__all__ = ["van_ban_den"]
