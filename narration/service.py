"""Asking for, making and removing the spoken version of an article.

Publishing only *asks* (one row marked pending, in the request); the audio is made by
``manage.py narrate`` from a timer (deploy/systemd/portal-narrate.timer), never while a
request waits. A row is made again when the article's text or the engine changes, and its
file goes when the article is unpublished, restricted or deleted: audio files are public
media, so only live, public articles have one.
"""

import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from portal.pagecache import bump_version

from .engines import EngineError, get_engine
from .models import Narration
from .reading import Reader, article_text


def reader() -> Reader:
    from articles.models import DocumentType

    return Reader(dict(DocumentType.objects.values_list("code", "name")))


def spoken_text(page, reader_=None) -> str:
    """The normalised text an engine (or the reader's browser) reads, within the limit."""
    text = (reader_ or reader()).read_lines(article_text(page))
    limit = settings.NARRATION_MAX_CHARS
    if len(text) > limit:
        cut = text.rfind(".", 0, limit)
        text = text[: cut + 1 if cut > 0 else limit]
    return text


def fingerprint(text: str, engine) -> str:
    options = json.dumps(engine.options, sort_keys=True, default=str)
    return hashlib.sha256(f"{engine.name}\n{options}\n{text}".encode()).hexdigest()


def is_public(page) -> bool:
    return page.live and not page.get_view_restrictions().exists()


def request(page, reader_=None, engine=None) -> Narration | None:
    """Mark the page's narration pending when its text or engine changed; returns the row."""
    if not is_public(page):
        remove(page)
        return None
    engine = engine or get_engine()
    digest = fingerprint(spoken_text(page, reader_), engine)
    narration = Narration.objects.filter(page=page).first()
    if narration and narration.text_hash == digest and narration.status != Narration.Status.FAILED:
        return narration
    narration = narration or Narration(page=page)
    narration.status = Narration.Status.PENDING
    narration.text_hash = digest
    narration.requested_at = timezone.now()
    narration.error = ""
    narration.save()
    return narration


def remove(page) -> None:
    """No audio for a page that is not public (post_delete removes the file)."""
    for narration in Narration.objects.filter(page=page):
        narration.delete()


def waiting(now):
    """Rows to make: pending ones, and those whose run died while making them."""
    return Q(status=Narration.Status.PENDING) | Q(
        status=Narration.Status.GENERATING, claimed_until__lt=now
    )


def claim(narration, engine) -> bool:
    """Take a pending row for this run: one conditional UPDATE, so overlapping runs never
    make the same file twice."""
    now = timezone.now()
    claimed = Narration.objects.filter(waiting(now), pk=narration.pk).update(
        status=Narration.Status.GENERATING,
        claimed_until=now
        + timedelta(seconds=int(engine.options.get("timeout", engine.timeout)) * 2 + 60),
    )
    return claimed == 1


def generate(narration, engine=None, reader_=None) -> Narration:
    """Make the audio of one claimed row; a failure is kept on the row, never raised."""
    engine = engine or get_engine()
    page = narration.page.specific
    if not is_public(page):
        narration.delete()
        return narration
    text = spoken_text(page, reader_)
    digest = fingerprint(text, engine)
    try:
        audio = engine.synthesize(text)
    except EngineError as error:
        Narration.objects.filter(pk=narration.pk).update(
            status=Narration.Status.FAILED, error=str(error), claimed_until=None
        )
        narration.refresh_from_db()
        return narration
    old_name = narration.file.name
    narration.file.save(
        f"{page.pk}-{digest[:16]}.{audio.extension}", ContentFile(audio.data), save=False
    )
    narration.status = Narration.Status.READY
    narration.text_hash = digest
    narration.engine = engine.name
    narration.duration = audio.duration
    narration.size = len(audio.data)
    narration.error = ""
    narration.claimed_until = None
    narration.generated_at = timezone.now()
    narration.save()
    if old_name and old_name != narration.file.name:
        storage = narration.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    transaction.on_commit(bump_version)
    return narration


def drain(limit: int, stdout=None) -> dict:
    """Make the audio of up to ``limit`` pending rows, oldest request first."""
    engine = get_engine()
    reader_ = reader()
    counts = {"ready": 0, "failed": 0, "skipped": 0}
    pending = Narration.objects.filter(waiting(timezone.now())).order_by("requested_at")
    for narration in pending.select_related("page")[:limit]:
        if not claim(narration, engine):
            counts["skipped"] += 1
            continue
        narration.refresh_from_db()
        result = generate(narration, engine, reader_)
        key = "ready" if result.status == Narration.Status.READY else "failed"
        if result.pk is None:
            key = "skipped"
        counts[key] += 1
        if stdout is not None:
            message = (
                result.error
                if key == "failed"
                else f"{result.size} bytes, {result.duration or 0:.1f} s"
            )
            stdout.write(f"{narration.page_id} {narration.page.title[:60]}: {key} ({message})")
    return counts
