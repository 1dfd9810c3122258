"""Documents sent by nginx: a ``SENDFILE_BACKEND`` for Wagtail's document view.

With ``DOCUMENTS_X_ACCEL_REDIRECT=True`` (local media, nginx on the same disk), the view
checks access as always and answers with an empty body and ``X-Accel-Redirect`` to nginx's
internal ``/media/documents/`` location (deploy/nginx/portal.conf), so no app worker streams
the file. Without it Django streams the file itself. Either way nginx never serves
``/media/documents/`` to a client directly.
"""

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpResponse


def sendfile(request, filename, **kwargs):
    try:
        relative = Path(filename).resolve().relative_to(Path(settings.MEDIA_ROOT).resolve())
    except ValueError:
        raise Http404("not a media file") from None
    response = HttpResponse()
    response["X-Accel-Redirect"] = quote(settings.MEDIA_URL + relative.as_posix())
    return response


def without_body_length(response):
    """Wagtail's sendfile sets the file's Content-Length on the empty answer; a proxy between
    the app and nginx (Varnish) would wait for those bytes. nginx sets its own."""
    if response.has_header("X-Accel-Redirect") and response.has_header("Content-Length"):
        del response["Content-Length"]
    return response
