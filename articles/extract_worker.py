"""The attachment text extractor's own process (``python -m articles.extract_worker EXT``).

Reads the file from stdin, writes ``{"text": ..., "reason": ...}`` to stdout. It runs under
the hard limits ``articles.attachments`` sets before it starts (CPU seconds, address space,
no file writes) and is killed at a wall-clock deadline, so a crafted PDF or DOCX can cost a
bounded amount of CPU and memory, never a web worker. It imports no Django.
"""

import io
import json
import sys
import zipfile

MAX_PAGES = 300
MAX_CHARS = 300_000


def pdf_text(handle) -> str:
    from pypdf import PdfReader

    reader = PdfReader(handle)
    parts, length = [], 0
    for number, page in enumerate(reader.pages):
        if number >= MAX_PAGES or length >= MAX_CHARS:
            break
        part = page.extract_text() or ""
        parts.append(part)
        length += len(part)
    return "\n".join(parts)


def docx_text(handle, max_expanded) -> str:
    import docx

    if not zipfile.is_zipfile(handle):
        raise ValueError("not a DOCX (zip) file")
    handle.seek(0)
    with zipfile.ZipFile(handle) as archive:
        # A zip bomb would expand far past the file's size.
        if sum(info.file_size for info in archive.infolist()) > max_expanded:
            raise ValueError("DOCX expands too much")
    handle.seek(0)
    parts, length = [], 0
    for paragraph in docx.Document(handle).paragraphs:
        if length >= MAX_CHARS:
            break
        parts.append(paragraph.text)
        length += len(paragraph.text)
    return "\n".join(parts)


def main(extension, max_expanded):
    handle = io.BytesIO(sys.stdin.buffer.read())
    try:
        text = pdf_text(handle) if extension == "pdf" else docx_text(handle, max_expanded)
        result = {"text": " ".join(text.split())[:MAX_CHARS], "reason": ""}
    except MemoryError:
        result = {"text": "", "reason": "MemoryError"}
    except Exception as error:  # noqa: BLE001 - any parser failure is reported, never raised
        result = {"text": "", "reason": type(error).__name__}
    sys.stdout.write(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
