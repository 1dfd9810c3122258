from django.http import Http404, HttpResponse

from .service import is_public, spoken_text

MAX_ID = 2**63 - 1


def text(request, page_id):
    """The normalised text of a live, public article, for the browser's speech synthesis."""
    from articles.models import ArticlePage

    page = ArticlePage.objects.live().filter(pk=page_id).first() if page_id <= MAX_ID else None
    if page is None or not is_public(page):
        raise Http404("Không có bài viết này.")
    return HttpResponse(spoken_text(page), content_type="text/plain; charset=utf-8")
