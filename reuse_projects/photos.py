"""Public copies of photos: re-encoded by Pillow, so that EXIF data (GPS position, camera serial,
owner's name) never leaves with them, plus a thumbnail for pages."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

THUMBNAIL_SIZE = (320, 320)
PUBLIC_MAX_SIZE = (2048, 2048)
# A decompression bomb is refused rather than expanded in memory.
Image.MAX_IMAGE_PIXELS = 60_000_000


def _encode(image):
    buffer = io.BytesIO()
    # A new JPEG from the pixels alone: no exif=, no icc_profile=, no comments are passed on.
    image.save(buffer, format="JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def public_copies(uploaded_file):
    """(public JPEG bytes, thumbnail JPEG bytes) of an uploaded photo, both without metadata."""
    uploaded_file.seek(0)
    try:
        with Image.open(uploaded_file) as original:
            original.load()
            # Turn the pixels the way the camera said, since the orientation tag is dropped.
            image = ImageOps.exif_transpose(original).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError({"file": f"This photo cannot be read: {error}"}) from None
    finally:
        uploaded_file.seek(0)
    image.thumbnail(PUBLIC_MAX_SIZE)
    public = _encode(image)
    image.thumbnail(THUMBNAIL_SIZE)
    return ContentFile(public), ContentFile(_encode(image))
