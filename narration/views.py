from django.http import Http404, HttpResponse

from portal.ids import parse_id

from .service import is_public, spoken_text


def text(request, page_id):
    """The normalised text of a live, public article, for the browser's speech synthesis."""
    from articles.models import ArticlePage

    page_id = parse_id(page_id)  # the portal's one rule for ids from URLs
    page = ArticlePage.objects.live().filter(pk=page_id).first() if page_id else None
    if page is None or not is_public(page):
        raise Http404("Không có bài viết này.")
    return HttpResponse(spoken_text(page), content_type="text/plain; charset=utf-8")
