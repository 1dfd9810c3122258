from django.http import Http404
from wagtail.models import Site

from portal.visibility import visible

from .ics import calendar_response
from .models import ScheduleIndexPage


def calendar(request, path):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    url_path = site.root_page.url_path + path
    index = visible(ScheduleIndexPage.objects, request).filter(url_path=url_path).first()
    if index is None:
        raise Http404
    return calendar_response(index, request)
