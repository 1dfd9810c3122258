"""Attachment checks: PDF, JPEG or PNG, size-limited, recognised by content, not by name."""

import io
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image
from pypdf import PdfReader

logger = logging.getLogger(__name__)

SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
]
PIL_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
MAX_PIXELS = 40_000_000
MAX_PDF_PAGES = 500

REFUSED = "Tệp đính kèm phải là PDF, JPEG hoặc PNG thật (hệ thống kiểm tra nội dung tệp, không theo tên tệp)."


def check_attachment(upload) -> str:
    """The content type of ``upload`` after checking it; ValidationError otherwise."""
    limit = settings.FEEDBACK_ATTACHMENT_MAX_SIZE
    if upload.size > limit:
        raise ValidationError(
            f"Tệp đính kèm quá lớn: tối đa {filesizeformat(limit)}.", code="too_large"
        )
    if upload.size == 0:
        raise ValidationError("Tệp đính kèm rỗng.", code="empty")
    upload.seek(0)
    head = upload.read(16)
    content_type = next((kind for magic, kind in SIGNATURES if head.startswith(magic)), None)
    if content_type is None:
        raise ValidationError(REFUSED, code="type")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        if content_type == "application/pdf":
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted or not 0 < len(reader.pages) <= MAX_PDF_PAGES:
                raise ValueError("encrypted or no pages")
        else:
            with Image.open(io.BytesIO(data)) as image:
                if image.format != PIL_FORMATS[content_type]:
                    raise ValueError("format mismatch")
                if image.width * image.height > MAX_PIXELS:
                    raise ValueError("too many pixels")
                image.verify()
    except Exception as error:  # any parser failure means: not a real file of that type
        logger.info("Refused attachment %r: %s", getattr(upload, "name", ""), error)
        raise ValidationError(REFUSED, code="type") from None
    return content_type
