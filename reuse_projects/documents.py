"""What an uploaded file really is, judged by its content (magic bytes), never by its name.

`filetype` (pure Python, no libmagic) recognises binary formats, including the zip-based office
formats by the entries they start with. Plain text and CSV have no signature: a file is accepted as
text when it decodes as UTF-8 and holds no control characters other than tabs and line breaks.
"""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

# Detected MIME type -> stored file extension.
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/webp": "webp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "text/plain": "txt",
}
PHOTO_TYPES = frozenset({"image/png", "image/jpeg", "image/webp"})
ALLOWED_DESCRIPTION = "PDF, PNG, JPEG, WebP, DOCX, XLSX, ODT, ODS, CSV or plain text"

# Enough to see the signature and the first entries of a zip archive.
HEAD_BYTES = 8192
_TEXT_CONTROL_CHARACTERS = set(range(32)) - {9, 10, 12, 13}


def _looks_like_text(head):
    if any(byte in _TEXT_CONTROL_CHARACTERS for byte in head):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # The head may end in the middle of a multi-byte character.
        return error.start >= len(head) - 3
    return True


def detect_content_type(uploaded_file):
    """The MIME type the file's bytes show, or None when it is not an allowed type."""
    uploaded_file.seek(0)
    head = uploaded_file.read(HEAD_BYTES)
    uploaded_file.seek(0)
    if not head:
        return None
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime if kind.mime in ALLOWED_TYPES else None
    return "text/plain" if _looks_like_text(head) else None


def validate_upload(uploaded_file):
    """Return the detected content type, or raise ValidationError on the `file` field."""
    if uploaded_file.size > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError(
            {
                "file": f"The file is {filesizeformat(uploaded_file.size)}; the limit is "
                f"{filesizeformat(settings.DOCUMENT_MAX_BYTES)}."
            }
        )
    content_type = detect_content_type(uploaded_file)
    if content_type is None:
        raise ValidationError(
            {"file": f"This type of file is not accepted. Allowed: {ALLOWED_DESCRIPTION}."}
        )
    return content_type
