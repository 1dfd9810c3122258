"""Extract again the text of every document's attached PDF/DOCX files and reindex them.

    python manage.py extract_attachment_text [--changed-only]

Run it after a bulk import (seed_demo, benchmarks), which bypasses ``save()``, or after
changing the extraction limits. Each file is read once even if several documents share it.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from modelsearch.backends import get_search_backends

from articles.models import DirectivePage

BATCH_SIZE = 500


class Command(BaseCommand):
    help = "Trích lại nội dung tệp đính kèm của mọi văn bản và cập nhật chỉ mục tìm kiếm."

    def add_arguments(self, parser):
        parser.add_argument(
            "--changed-only",
            action="store_true",
            help="Chỉ trích các văn bản có tệp đính kèm thay đổi.",
        )

    def handle(self, *args, changed_only=False, **options):
        cache = {}
        updated = failed = 0
        pages = DirectivePage.objects.order_by("pk").prefetch_related("attachments__document")
        batch = []
        for page in pages.iterator(chunk_size=BATCH_SIZE):
            if page.update_attachment_text(cache=cache, force=not changed_only):
                batch.append(page)
                failed += bool(page.attachment_errors)
            if len(batch) >= BATCH_SIZE:
                updated += self.flush(batch)
                batch = []
        updated += self.flush(batch)
        self.stdout.write(f"Documents updated: {updated}; with extraction errors: {failed}.")

    def flush(self, pages):
        if not pages:
            return 0
        with transaction.atomic():
            DirectivePage.objects.bulk_update(
                pages, ["attachment_text", "attachment_errors", "attachment_source"]
            )
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(DirectivePage, pages)
        return len(pages)
