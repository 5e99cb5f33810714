"""The uploaded original of a directive is served through a login-protected view, not /media/."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.factories import DirectiveFactory


@pytest.fixture
def directive_with_file(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    directive = DirectiveFactory()
    directive.source_file.save("ke-hoach-145.docx", ContentFile(b"PK\x03\x04 demo"), save=True)
    return directive


def test_signed_in_user_downloads_the_original(client, cast, directive_with_file):
    client.force_login(cast.head_b)
    response = client.get(reverse("directives:source", args=[directive_with_file.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"PK\x03\x04 demo"
    assert "attachment" in response["Content-Disposition"]


def test_anonymous_visitor_is_sent_to_login(client, directive_with_file):
    response = client.get(reverse("directives:source", args=[directive_with_file.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_directive_page_links_to_the_protected_view(client, cast, directive_with_file):
    client.force_login(cast.office)
    body = client.get(directive_with_file.get_absolute_url()).content.decode()
    assert reverse("directives:source", args=[directive_with_file.pk]) in body
    assert "/media/" not in body


def test_directive_without_file_is_404(client, cast):
    client.force_login(cast.office)
    assert client.get(reverse("directives:source", args=[DirectiveFactory().pk])).status_code == 404


def test_attachment_is_served_to_signed_in_users_only(client, cast, directive_with_file):
    from directives.models import DirectiveAttachment

    attachment = DirectiveAttachment(directive=directive_with_file, name="phu-luc.pdf", size=9)
    attachment.file.save("phu-luc.pdf", ContentFile(b"%PDF-1.4 x"), save=True)
    url = reverse("directives:attachment", args=[directive_with_file.pk, attachment.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(cast.head_b)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 x"
    assert "phu-luc.pdf" in response["Content-Disposition"]
    assert url in client.get(directive_with_file.get_absolute_url()).content.decode()
    other = DirectiveFactory()
    wrong = reverse("directives:attachment", args=[other.pk, attachment.pk])
    assert client.get(wrong).status_code == 404
