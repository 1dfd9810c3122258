"""The one pagination helper: bad ``?page=`` values (text, negative, huge) give a valid page."""

from django.conf import settings
from django.core.paginator import Paginator


def paginate(request, queryset, per_page=None, param="page"):
    paginator = Paginator(queryset, per_page or settings.PORTAL_PAGE_SIZE)
    return paginator.get_page(request.GET.get(param))
