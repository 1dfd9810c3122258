"""Template helpers of the reader-facing pages: menu, footer, feeds, images, share links."""

from urllib.parse import quote

from django import template
from django.http.request import split_domain_port
from django.urls import reverse
from wagtail.images.models import SourceImageIOError
from wagtail.models import Site

from navigation.links import safe_href
from portal.pagecache import remember

from .. import cards

register = template.Library()


def _link(item):
    """(title, url) of a LinkBlock value, or None when its page is gone or unpublished or its
    address is one a reader must not get (navigation.links.safe_href)."""
    page = item.get("page")
    if page is not None:
        return (item["title"], page.url) if page.live else None
    url = safe_href(item.get("url"))
    return (item["title"], url) if url else None


def _site_id(request):
    """The request's site, found by host and port as Wagtail does (Site.find_for_request),
    from the cache until a change (a Site saved bumps it): no query per page."""
    if hasattr(request, "_wagtail_site"):  # found already for this request (Wagtail's own)
        site = request._wagtail_site
        return site.pk if site else 0
    host = split_domain_port(request._get_raw_host())[0]
    return remember(
        f"site-id:{host}:{request.get_port()}",
        lambda: getattr(Site.find_for_request(request), "pk", 0),
    )


@register.simple_tag(takes_context=True)
def portal_settings(context):
    """The footer and menu settings, from the cache until the next change."""
    from navigation.models import PortalSettings

    request = context["request"]
    return remember(
        f"portal-settings:{_site_id(request)}", lambda: PortalSettings.for_request(request)
    )


@register.simple_tag(takes_context=True)
def menu_links(context):
    """The main menu (navigation.menu): two levels of ``MenuLink(title, url, children)``."""
    from navigation.menu import main_menu

    request = context["request"]
    return remember(
        f"menu:{_site_id(request)}", lambda: main_menu(request, portal_settings(context))
    )


@register.simple_tag(takes_context=True)
def portal_emblem(context):
    """(url, width, height) of the emblem set in the settings, or None: the header then
    shows the shipped flag. Kept in the cache like the settings, so no query per page."""
    request = context["request"]

    def emblem():
        image = portal_settings(context).emblem
        if image is None:
            return None
        try:
            rendition = image.get_rendition("height-112")
        except SourceImageIOError:  # the file is gone: the shipped flag, not an error page
            return None
        return (rendition.url, rendition.width, rendition.height)

    return remember(f"emblem:{_site_id(request)}", emblem)


@register.simple_tag(takes_context=True)
def footer_links(context):
    request = context["request"]
    return remember(
        f"footer-links:{_site_id(request)}",
        lambda: [
            link
            for link in (_link(block.value) for block in portal_settings(context).footer_links)
            if link
        ],
    )


@register.simple_tag(takes_context=True)
def page_feeds(context):
    """(title, url, type) of the feeds that match the page being read, site feeds last."""
    page = context.get("page")
    feeds = []
    model = page.specific_class.__name__ if page is not None else ""
    if model == "UnitPage":
        feeds += [
            (f"{page.title} (RSS)", reverse("feed-unit-rss", args=[page.pk]), "rss"),
            (f"{page.title} (Atom)", reverse("feed-unit-atom", args=[page.pk]), "atom"),
        ]
    elif model == "TopicPage":
        feeds += [
            (f"Chuyên đề {page.title} (RSS)", reverse("feed-topic-rss", args=[page.pk]), "rss"),
            (f"Chuyên đề {page.title} (Atom)", reverse("feed-topic-atom", args=[page.pk]), "atom"),
        ]
    elif model in ("DocumentRegisterPage", "DirectivePage"):
        feeds += [
            ("Văn bản mới (RSS)", reverse("feed-documents-rss"), "rss"),
            ("Văn bản mới (Atom)", reverse("feed-documents-atom"), "atom"),
        ]
    feeds += [
        ("Tin mới nhất (RSS)", reverse("feed-rss"), "rss"),
        ("Tin mới nhất (Atom)", reverse("feed-atom"), "atom"),
    ]
    return feeds


@register.simple_tag(takes_context=True)
def share_links(context, page):
    url = quote(page.get_full_url(context["request"]), safe="")
    title = quote(page.title, safe="")
    return [
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={url}"),
        ("Zalo", f"https://sp.zalo.me/share_inline?d={url}"),
        ("X", f"https://x.com/intent/post?url={url}&text={title}"),
        ("Thư điện tử", f"mailto:?subject={title}&body={url}"),
    ]


@register.simple_tag
def picture(image, specs="width-480 width-800 width-1200", sizes="100vw", lazy=True, alt=None):
    """A responsive <picture> (home.cards.picture); ``alt`` replaces the image's own text."""
    return cards.picture(image, specs, sizes, lazy, alt)


@register.simple_tag(takes_context=True)
def article_card(context, article, large=False):
    """One article card (home.cards.article_card; its markup: components/article_card.html)."""
    return cards.article_card(article, large, request=context.get("request"))


@register.simple_tag
def page_description(page):
    """The summary shown to search engines and social networks."""
    if page is None:
        return ""
    for name in ("search_description", "lead", "summary", "intro"):
        value = getattr(page, name, "")
        if value:
            return value
    return ""
