from django import template

from portal import links, vietnamese

register = template.Library()


@register.filter
def absolute(path):
    """A file's or view's path as an absolute URL on BASE_URL (portal.links)."""
    return links.absolute_url(str(path))


@register.filter
def vi_date(value):
    """'Thứ Năm, 26/11/2026'."""
    return vietnamese.format_date(value)


@register.filter
def vi_short_date(value):
    """'26/11/2026'."""
    return vietnamese.format_date(value, with_weekday=False)


@register.filter
def vi_datetime(value):
    """'Thứ Năm, 26/11/2026 15:30' (publication time: article pages)."""
    return vietnamese.format_datetime(value)


@register.filter
def vi_short_datetime(value):
    """'26/11/2026 15:30' (article cards in listings)."""
    return vietnamese.format_datetime(value, with_weekday=False)


@register.inclusion_tag("components/pagination.html", takes_context=True)
def pagination(context, page, param="page"):
    """Links to the other pages of a listing, keeping the other query parameters."""
    request = context["request"]

    def url_for(number):
        query = request.GET.copy()
        query[param] = number
        return f"?{query.urlencode()}"

    return {
        "page": page,
        "previous_url": url_for(page.previous_page_number()) if page.has_previous() else None,
        "next_url": url_for(page.next_page_number()) if page.has_next() else None,
    }


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Top-level pages an editor marked "show in menus"."""
    from wagtail.models import Site

    from portal.visibility import visible

    request = context["request"]
    site = Site.find_for_request(request)
    if site is None:
        return []
    return visible(site.root_page.get_children(), request).in_menu()


@register.simple_tag
def portal_name():
    """The portal's own name (WAGTAIL_SITE_NAME, from SITE_NAME): the admin's branding."""
    from django.conf import settings

    return settings.WAGTAIL_SITE_NAME
