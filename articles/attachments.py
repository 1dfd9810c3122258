"""Text of a document's attached PDF/DOCX files, for the search index.

Extraction is bounded so a huge or broken file cannot hang a save: files over
``MAX_FILE_SIZE`` are skipped, at most ``MAX_PAGES`` pages are read, reading stops
after ``MAX_SECONDS`` and at ``MAX_CHARS`` characters. Any failure is returned as a
message (kept on the page and shown to the editor); the page still saves.
"""

import time
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

MAX_FILE_SIZE = getattr(settings, "PORTAL_EXTRACT_MAX_FILE_SIZE", 30 * 1024 * 1024)
MAX_PAGES = 300
MAX_CHARS = 300_000
MAX_SECONDS = 10.0


@dataclass
class Extracted:
    text: str = ""
    error: str = ""


def extract_document(document) -> Extracted:
    """Text of a Wagtail document (PDF or DOCX); other types give no text and no error."""
    extension = (document.file_extension or "").lower()
    if extension not in ("pdf", "docx"):
        return Extracted()
    label = document.title or document.filename
    try:
        size = document.file.size
    except (OSError, ValueError):
        return Extracted(error=_("“%(name)s”: không mở được tệp.") % {"name": label})
    if size > MAX_FILE_SIZE:
        return Extracted(
            error=_("“%(name)s”: tệp quá lớn (%(mb)d MB), không trích nội dung để tìm kiếm.")
            % {"name": label, "mb": size // (1024 * 1024)}
        )
    try:
        with document.file.open("rb") as handle:
            text = _pdf_text(handle) if extension == "pdf" else _docx_text(handle)
    except Exception as error:  # noqa: BLE001 - any parser failure is reported, never raised
        return Extracted(
            error=_("“%(name)s”: không đọc được nội dung tệp (%(reason)s).")
            % {"name": label, "reason": type(error).__name__}
        )
    text = " ".join(text.split())[:MAX_CHARS]
    if not text:
        return Extracted(
            error=_("“%(name)s”: tệp không có lớp chữ (bản quét?), nội dung không tìm kiếm được.")
            % {"name": label}
        )
    return Extracted(text=text)


def _pdf_text(handle) -> str:
    from pypdf import PdfReader

    deadline = time.monotonic() + MAX_SECONDS
    reader = PdfReader(handle)
    parts, length = [], 0
    for number, page in enumerate(reader.pages):
        if number >= MAX_PAGES or length >= MAX_CHARS or time.monotonic() > deadline:
            break
        part = page.extract_text() or ""
        parts.append(part)
        length += len(part)
    return "\n".join(parts)


def _docx_text(handle) -> str:
    import docx

    if not zipfile.is_zipfile(handle):
        raise ValueError("not a DOCX (zip) file")
    handle.seek(0)
    with zipfile.ZipFile(handle) as archive:
        # A zip bomb would expand far past the file's size.
        if sum(info.file_size for info in archive.infolist()) > 4 * MAX_FILE_SIZE:
            raise ValueError("DOCX expands too much")
    handle.seek(0)
    deadline = time.monotonic() + MAX_SECONDS
    parts, length = [], 0
    for paragraph in docx.Document(handle).paragraphs:
        if length >= MAX_CHARS or time.monotonic() > deadline:
            break
        parts.append(paragraph.text)
        length += len(paragraph.text)
    return "\n".join(parts)


def extract_attachments(documents, cache=None) -> tuple[str, str]:
    """(text, errors) of several documents; ``cache`` maps document pk → Extracted."""
    texts, errors = [], []
    for document in documents:
        if cache is not None and document.pk in cache:
            result = cache[document.pk]
        else:
            result = extract_document(document)
            if cache is not None:
                cache[document.pk] = result
        if result.text:
            texts.append(result.text)
        if result.error:
            errors.append(result.error)
    return "\n".join(texts)[:MAX_CHARS], "\n".join(errors)


def source_key(documents) -> str:
    """Identifies the attached files, so an unchanged set is not extracted again."""
    return ",".join(f"{d.pk}:{d.file.name}:{d.file_size or ''}" for d in documents)[:500]
