"""A media store that refuses a file (disk full, S3 refusing writes) fails the upload
with a message, never with a 500.

Django's FileField writes the file before the row is inserted, so when the store refuses
it no Image or Document row exists without its file; this middleware only turns the
error into what the editor sees: a Vietnamese message on the form they came from, or the
JSON error Wagtail's multiple-upload screen shows beside the file.
"""

import errno
import logging
from pathlib import Path

from django.contrib import messages
from django.core.files import storage
from django.http import HttpResponseRedirect, JsonResponse

logger = logging.getLogger(__name__)
MESSAGE = (
    "Không lưu được tệp tải lên: kho lưu trữ tệp đang đầy hoặc không nhận tệp. "
    "Chưa có gì được lưu; xin vui lòng thử lại sau hoặc báo quản trị hệ thống."
)
STORAGE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EIO}


def _storage_errors():
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:
        return ()
    return (BotoCoreError, ClientError)


STORAGE_ERRORS = _storage_errors()


def is_storage_error(exception) -> bool:
    if isinstance(exception, OSError) and exception.errno in STORAGE_ERRNOS:
        return True
    return bool(STORAGE_ERRORS) and isinstance(exception, STORAGE_ERRORS)


class StorageErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.method != "POST" or not request.path.startswith("/admin/"):
            return None
        if not is_storage_error(exception):
            return None
        logger.error("Media store refused an upload to %s", request.path, exc_info=exception)
        if request.headers.get("x-requested-with") == "XMLHttpRequest" or "/multiple/" in (
            request.path
        ):
            return JsonResponse({"success": False, "error_message": MESSAGE}, status=503)
        messages.error(request, MESSAGE)
        return HttpResponseRedirect(request.get_full_path())


class FileSystemStorage(storage.FileSystemStorage):
    """Django's, but a file that could not be written whole (disk full) is removed, not
    left half-written beside the rows that never got it."""

    def _save(self, name, content):
        existed = self.exists(name)
        try:
            return super()._save(name, content)
        except OSError:
            # Django opens a new file with O_EXCL, so a file at a name that did not
            # exist before is this call's own, half written.
            if not existed:
                Path(self.path(name)).unlink(missing_ok=True)
            raise
