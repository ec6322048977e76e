"""Uploads are judged by their content and their size; a refused file leaves nothing behind."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from reuse_projects import services
from reuse_projects.models import Document
from tests.conftest import png_bytes
from tests.reuse_projects.conftest import draft_application

# Declared per module, not only through the `boundaries` fixture, so that pytest-django
# always uses the test database, even when this module runs alone.
pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
PNG = png_bytes()
EXE = b"MZ\x90\x00\x03" + b"\0" * 64


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def plain_zip_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.js", "alert(1)")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root):
    return [path for path in root.rglob("*") if path.is_file()]


def attach(owner, by, name, content, visibility="internal"):
    return services.document_attach(
        owner=owner,
        uploaded_file=SimpleUploadedFile(name, content),
        title="",
        visibility=visibility,
        by=by,
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("plan.pdf", PDF, "application/pdf"),
        ("photo.png", PNG, "image/png"),
        (
            "budget.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("beneficiaries.csv", "name;count\nScuola;120\nCittà;35\n".encode(), "text/plain"),
    ],
)
def test_allowed_types_are_stored_with_the_type_their_content_shows(
    open_call, palermo_officer, media_root, name, content, content_type
):
    document = attach(open_call, palermo_officer, name, content)

    assert document.content_type == content_type
    assert document.original_name == name
    assert document.size == len(content)
    # A photo also has its public copy and thumbnail; every stored name is random.
    copies = [document.public_file.name, document.thumbnail.name] if document.is_photo else []
    expected = sorted(media_root / stored for stored in [document.file.name, *copies])
    assert sorted(stored_files(media_root)) == expected
    assert name not in document.file.name  # stored under a random name


def test_the_name_does_not_decide_the_type(open_call, palermo_officer):
    document = attach(open_call, palermo_officer, "looks-like.pdf", PNG)
    assert document.content_type == "image/png"
    assert document.is_photo


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("invoice.pdf", EXE),
        ("report.docx", plain_zip_bytes()),
        ("empty.pdf", b""),
        ("binary.txt", b"\x00\x01\x02garbage"),
    ],
)
def test_a_file_of_the_wrong_type_is_refused_and_nothing_is_stored(
    open_call, palermo_officer, media_root, name, content
):
    with pytest.raises(ValidationError) as raised:
        attach(open_call, palermo_officer, name, content)

    assert "not accepted" in raised.value.message_dict["file"][0]
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_a_file_over_the_limit_is_refused_and_nothing_is_stored(
    settings, open_call, palermo_officer, media_root
):
    settings.DOCUMENT_MAX_BYTES = 1024

    with pytest.raises(ValidationError) as raised:
        attach(open_call, palermo_officer, "big.pdf", PDF + b"0" * 2048)

    assert "the limit is 1.0" in raised.value.message_dict["file"][0]
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_the_upload_page_shows_the_refusal_next_to_the_field(
    client, open_call, palermo_officer, media_root
):
    client.force_login(palermo_officer)

    response = client.post(
        f"/documents/add/call/{open_call.pk}/",
        {
            "title": "Floor plan",
            "visibility": "public",
            "file": SimpleUploadedFile("plan.pdf", EXE),
        },
    )

    assert response.status_code == 200
    assert "This type of file is not accepted" in response.content.decode()
    assert 'value="Floor plan"' in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_the_api_refuses_an_oversized_upload_with_a_400(
    settings, palermo_officer, open_call, media_root
):
    settings.DOCUMENT_MAX_BYTES = 100
    client = APIClient()
    client.force_authenticate(palermo_officer)

    response = client.post(
        "/api/v1/documents/",
        {
            "owner_kind": "call",
            "owner_id": open_call.pk,
            "file": SimpleUploadedFile("big.pdf", PDF * 10),
        },
        format="multipart",
    )

    assert response.status_code == 400
    assert "file" in response.json()
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_application_documents_are_always_internal(
    open_call, palermo_asset, organisation_a, ngo_member
):
    draft = draft_application(open_call, palermo_asset, organisation_a, ngo_member)

    with pytest.raises(ValidationError) as raised:
        attach(draft, ngo_member, "plan.pdf", PDF, visibility="public")

    assert "visibility" in raised.value.message_dict


def test_applicants_cannot_add_documents_once_submitted(client, application_a, ngo_member):
    client.force_login(ngo_member)
    response = client.get(f"/documents/add/application/{application_a.pk}/")
    assert response.status_code == 403
