"""Upload checks any app can use: the file's content must be what its extension says, within
a size limit, and its name is cleaned before it is stored.

Wagtail's image and document forms use them through ``WAGTAILIMAGES_IMAGE_FORM_BASE`` and
``WAGTAILDOCS_DOCUMENT_FORM_BASE`` (below); a model or form field elsewhere adds
``UploadValidator(["pdf", "jpg"], max_size=...)`` to its validators and calls
``clean_upload_name`` on the file (or ``validate_upload`` to do both).

Content is recognised by its magic bytes (``filetype``), never by the name or the browser's
Content-Type: an HTML page renamed ``.pdf`` or an SVG renamed ``.png`` is refused.
Decompression bombs: Wagtail refuses images over ``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` from
their header before decoding; DOCX text extraction has its own expansion limit
(``articles.attachments``).
"""

import os
import unicodedata
import zipfile

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from .vietnamese import slugify_vi

# Extension → what the content must be detected as. DOC is an OLE2 compound file (as are
# XLS and PPT, which its extension check already keeps out); DOCX is a zip holding
# word/document.xml.
CONTENT_KINDS = {
    "pdf": {"pdf"},
    "doc": {"doc", "xls", "ppt", "ole"},
    "docx": {"docx"},
    "jpg": {"jpg"},
    "jpeg": {"jpg"},
    "png": {"png", "apng"},
    "gif": {"gif"},
    "webp": {"webp"},
    # Recorded readings of articles (ArticlePage.audio_recording).
    "mp3": {"mp3"},
    "m4a": {"m4a", "mp4"},
}
# Extension → largest size in bytes (or a callable giving it, read at upload time), for
# kinds whose limit is not the form's own (galleries: videos and caption tracks).
SIZE_LIMITS = {}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEADER_BYTES = 8192
MAX_STEM_LENGTH = 80
# Control, format (bidi overrides, zero-width), surrogate, private-use and unassigned
# characters never belong in a file name.
DROPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}


def register_kind(extension, kinds, max_size=None):
    """Let an app accept another extension whose content is detected as one of ``kinds``
    (it must also be in the form's extension setting), optionally with its own size limit."""
    CONTENT_KINDS[extension] = set(kinds)
    if max_size is not None:
        SIZE_LIMITS[extension] = max_size


def size_limit(extension):
    limit = SIZE_LIMITS.get(extension)
    return limit() if callable(limit) else limit


def clean_upload_name(name):
    """A safe storage name: no directories, no control or bidi characters, ASCII
    (Vietnamese folded: "Nghị quyết số 35.PDF" → "nghi-quyet-so-35.pdf")."""
    name = unicodedata.normalize("NFKC", str(name or ""))  # full-width ／ becomes /
    name = "".join(c for c in name if unicodedata.category(c) not in DROPPED_CATEGORIES)
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    ext = "".join(c for c in ext.lower() if c.isascii() and c.isalnum())[:10]
    stem = slugify_vi(stem)[:MAX_STEM_LENGTH].strip("-") or "tep-tin"
    return f"{stem}.{ext}" if ext else stem


def detected_kind(file):
    """What the content is, from its first bytes ('pdf', 'png', 'docx', 'ole'…), or None."""
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    header = file.read(HEADER_BYTES)
    kind = filetype.guess(header)
    extension = kind.extension if kind else None
    if extension in (None, "zip", "docx"):
        file.seek(0)
        extension = "docx" if _is_docx(file) else extension
    if extension is None and header.startswith(OLE_MAGIC):
        extension = "ole"
    if extension is None and _is_webvtt(header):
        extension = "vtt"
    file.seek(position)
    return extension


def _is_webvtt(header):
    """A WebVTT caption track: text whose first line is "WEBVTT", alone or with a title."""
    header = header.removeprefix(b"\xef\xbb\xbf")
    return header.startswith(b"WEBVTT") and header[6:7] in (b"", b" ", b"\t", b"\n", b"\r")


def _is_docx(file):
    try:
        with zipfile.ZipFile(file) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


@deconstructible
class UploadValidator:
    """Refuses a file whose extension is not allowed, whose content does not match its
    extension, or which is larger than ``max_size`` bytes. Messages are in Vietnamese."""

    def __init__(self, extensions, max_size=None):
        self.extensions = [e.lower() for e in extensions]
        self.max_size = max_size

    def __call__(self, file):
        ext = os.path.splitext(file.name or "")[1].lower().lstrip(".")
        allowed = ", ".join(self.extensions)
        if ext not in self.extensions:
            raise ValidationError(
                "Chỉ nhận tệp %(allowed)s.", code="extension", params={"allowed": allowed}
            )
        if self.max_size is not None and file.size > self.max_size:
            raise ValidationError(
                "Tệp quá lớn (tối đa %(limit)s).",
                code="size",
                params={"limit": filesizeformat(self.max_size)},
            )
        if detected_kind(file) not in CONTENT_KINDS.get(ext, {ext}):
            raise ValidationError(
                "Nội dung tệp không phải là tệp .%(ext)s thật (chỉ nhận %(allowed)s).",
                code="content",
                params={"ext": ext, "allowed": allowed},
            )

    def __eq__(self, other):
        return (
            isinstance(other, UploadValidator)
            and self.extensions == other.extensions
            and self.max_size == other.max_size
        )


def validate_upload(file, extensions, max_size=None):
    """Check ``file`` and give it a clean name; raises ``ValidationError``."""
    UploadValidator(extensions, max_size)(file)
    file.name = clean_upload_name(file.name)
    return file


class _CheckedFileMixin:
    def clean_file(self):
        from django.conf import settings

        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data:
            extension = os.path.splitext(file.name or "")[1].lower().lstrip(".")
            limit = size_limit(extension) or getattr(settings, self.size_setting, None)
            validate_upload(file, getattr(settings, self.extensions_setting), limit)
        return file


class PortalDocumentForm(_CheckedFileMixin, BaseDocumentForm):
    extensions_setting = "WAGTAILDOCS_EXTENSIONS"
    # Wagtail's own WAGTAILDOCS_MAX_UPLOAD_SIZE is the largest of every kind (videos):
    # office files and PDFs keep their own limit.
    size_setting = "DOCUMENT_MAX_UPLOAD_SIZE"


class PortalImageForm(_CheckedFileMixin, BaseImageForm):
    extensions_setting = "WAGTAILIMAGES_EXTENSIONS"
    size_setting = "WAGTAILIMAGES_MAX_UPLOAD_SIZE"
