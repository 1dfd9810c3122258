"""Text of a document's attached PDF/DOCX files, for the search index.

Extraction never runs in the web worker (issue #21, finding 4: four crafted files held a
save for 56 s and 2.1 GB). Each file is parsed by ``articles.extract_worker`` in a child
process under hard limits: ``EXTRACT_MAX_CPU_SECONDS`` of CPU and ``EXTRACT_MAX_MEMORY_MB``
of address space (``resource.setrlimit``), no file writes, killed after
``EXTRACT_MAX_SECONDS`` of wall-clock time. Files over ``MAX_FILE_SIZE`` are skipped; at
most ``MAX_PAGES`` pages and ``MAX_CHARS`` characters are read. Any failure is returned as
a message (kept on the page and shown to the editor); the page still saves.

Saving a document page does not wait for it either: with ``PORTAL_EXTRACT_IN_BACKGROUND``
(the default) the page is saved at once and a background thread extracts after the commit,
then stores the text and reindexes the page (``schedule``). If that thread is lost (the
worker recycled), ``manage.py extract_attachment_text --changed-only`` catches up.
"""

import json
import resource
import subprocess
import sys
import threading
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

MAX_FILE_SIZE = getattr(settings, "PORTAL_EXTRACT_MAX_FILE_SIZE", 30 * 1024 * 1024)
MAX_PAGES = 300
MAX_CHARS = 300_000
# A DOCX may expand to this much (its parts' sizes in the zip directory) before parsing.
MAX_EXPANDED = 4 * MAX_FILE_SIZE
PENDING = "pending"  # attachment_source while a background extraction is due


@dataclass
class Extracted:
    text: str = ""
    error: str = ""


def _limits():
    cpu = int(settings.PORTAL_EXTRACT_MAX_CPU_SECONDS)
    memory = int(settings.PORTAL_EXTRACT_MAX_MEMORY_MB) * 1024 * 1024

    def apply():  # in the child, before it runs Python
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


def run_limited(data: bytes, extension: str) -> dict:
    """The worker's answer for ``data``, or ``{"reason": "limit"}`` when a limit stopped it."""
    process = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-E", "-s", "-m", "articles.extract_worker", extension, str(MAX_EXPANDED)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        preexec_fn=_limits(),  # noqa: PLW1509 - only setrlimit, no locks taken
        cwd=settings.BASE_DIR,
    )
    try:
        output, _err = process.communicate(data, timeout=settings.PORTAL_EXTRACT_MAX_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return {"text": "", "reason": "limit"}
    if process.returncode != 0:  # SIGXCPU, SIGKILL, MemoryError at import…
        return {"text": "", "reason": "limit"}
    try:
        answer = json.loads(output)
    except ValueError:
        return {"text": "", "reason": "limit"}
    if answer.get("reason") == "MemoryError":
        answer["reason"] = "limit"
    return answer


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
            data = handle.read()
    except OSError:
        return Extracted(error=_("“%(name)s”: không mở được tệp.") % {"name": label})
    answer = run_limited(data, extension)
    if answer.get("reason") == "limit":
        return Extracted(
            error=_(
                "“%(name)s”: tệp quá phức tạp (vượt giới hạn thời gian hoặc bộ nhớ khi đọc), "
                "không trích nội dung để tìm kiếm."
            )
            % {"name": label}
        )
    if answer.get("reason"):
        return Extracted(
            error=_("“%(name)s”: không đọc được nội dung tệp (%(reason)s).")
            % {"name": label, "reason": answer["reason"][:80]}
        )
    text = str(answer.get("text", ""))[:MAX_CHARS]
    if not text:
        return Extracted(
            error=_("“%(name)s”: tệp không có lớp chữ (bản quét?), nội dung không tìm kiếm được.")
            % {"name": label}
        )
    return Extracted(text=text)


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


# --- in the background, after the save ------------------------------------------------

_threads = []


def schedule(page_pk):
    """After the commit, extract the page's attachments in a daemon thread."""
    from django.db import transaction

    transaction.on_commit(lambda: _start(page_pk))


def _start(page_pk):
    thread = threading.Thread(target=_extract_now, args=(page_pk,), daemon=True)
    _threads.append(thread)
    thread.start()


def _extract_now(page_pk):
    from django.apps import apps
    from django.db import connection
    from modelsearch.backends import get_search_backends

    # By name: the model module imports this one (no import cycle inside the app).
    DirectivePage = apps.get_model("articles", "DirectivePage")  # noqa: N806

    try:
        page = DirectivePage.objects.filter(pk=page_pk).first()
        if page is None or not page.update_attachment_text(force=True):
            return
        DirectivePage.objects.filter(pk=page_pk).update(
            attachment_text=page.attachment_text,
            attachment_errors=page.attachment_errors,
            attachment_source=page.attachment_source,
        )
        for backend in get_search_backends(with_auto_update=True):
            backend.add(page)
    finally:
        connection.close()


def wait_for_background(timeout=120):
    """Join the background extractions started so far (tests, management commands)."""
    while _threads:
        _threads.pop().join(timeout)
