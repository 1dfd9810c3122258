"""Template helpers of the reader-facing pages: menu, footer, feeds, images, share links."""

import functools
import html
from urllib.parse import quote

from django import template
from django.template.defaultfilters import truncatewords
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from wagtail.images.models import Filter
from wagtail.models import Site

from portal import vietnamese
from portal.pagecache import remember
from portal.visibility import visible

register = template.Library()


def _link(item):
    """(title, url) of a LinkBlock value, or None when its page is gone or unpublished."""
    page = item.get("page")
    if page is not None:
        return (item["title"], page.url) if page.live else None
    return (item["title"], item["url"]) if item.get("url") else None


def _site_id(request):
    site = Site.find_for_request(request)
    return site.pk if site else 0


@register.simple_tag(takes_context=True)
def portal_settings(context):
    """The footer and menu settings, from the cache until the next change."""
    from home.models import PortalSettings

    request = context["request"]
    return remember(
        f"portal-settings:{_site_id(request)}", lambda: PortalSettings.for_request(request)
    )


@register.simple_tag(takes_context=True)
def menu_links(context):
    """The main menu: the administrators' list, or pages marked "show in menus"."""
    request = context["request"]
    return remember(f"menu:{_site_id(request)}", lambda: _menu_links(context, request))


def _menu_links(context, request):
    settings = portal_settings(context)
    if settings.menu:
        return [link for link in (_link(block.value) for block in settings.menu) if link]
    site = Site.find_for_request(request)
    if site is None:
        return []
    pages = visible(site.root_page.get_children(), request).in_menu()
    return [(page.title, page.url) for page in pages]


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
    """A responsive <picture>: WebP sources with a JPEG/PNG fallback, width and height set.

    ``specs`` are Wagtail filter specs separated by spaces, one per width offered; ``alt``
    replaces the image's own text (an album photo's caption).
    All renditions come from one query (or none, when the listing prefetched them).
    Built in Python, not a template: a listing shows ~30 of them per render.
    """
    if image is None:
        return ""
    fallback_filters, webp_filters = _filters(specs)
    renditions = image.get_renditions(*fallback_filters, *webp_filters)
    # Each rendition's URL once (a storage call): the srcsets and src share them.
    fallback = [_sized_url(renditions[f.spec]) for f in fallback_filters]
    webp = [_sized_url(renditions[f.spec]) for f in webp_filters]
    width, height, url = fallback[-1]
    sizes = _escape(sizes)
    alt = _escape((image.default_alt_text or "") if alt is None else alt)
    return mark_safe(
        f'<picture>\n    <source type="image/webp" srcset="{_srcset(webp)}" sizes="{sizes}">\n'
        f'    <img src="{_escape(url)}" srcset="{_srcset(fallback)}" sizes="{sizes}" '
        f'width="{width}" height="{height}" alt="{alt}"'
        f'{_LAZY if lazy else ""} decoding="async">\n</picture>'
    )


_LAZY = ' loading="lazy"'


def _escape(value):
    """What ``{{ value }}`` does to a plain string (Django's escape, without its lazy-string
    check: a card escapes a dozen values)."""
    return html.escape(str(value))


@functools.cache
def _filters(specs):
    """Wagtail filters for a spec list, parsed once per process (a listing asks ~30 times)."""
    specs = specs.split()
    return (
        tuple(Filter(spec=spec) for spec in specs),
        tuple(Filter(spec=f"{spec}|format-webp") for spec in specs),
    )


def _sized_url(rendition):
    return rendition.width, rendition.height, rendition.url


def _srcset(renditions):
    # A small original gives the same rendition for several specs: offer each width once.
    by_width = {}
    for width, _height, url in renditions:
        if width not in by_width:
            by_width[width] = url
    return ", ".join(f"{_escape(url)} {width}w" for width, url in sorted(by_width.items()))


# The card of an article in a listing (home blocks, unit, section and topic pages). Image
# sizes: keep in step with articles.models.CARD_IMAGE_SPECS.
_CARD = """
<article class="card{large}">
{image}    <div class="card__body">
        <h3 class="card__title"><a href="{url}">{title}</a></h3>
        <p class="card__meta">
            {unit}<time datetime="{iso_date}">{date}</time>
        </p>
{lead}    </div>
</article>
"""
_CARD_IMAGE = """    <a class="card__image" href="{url}" tabindex="-1" aria-hidden="true">
        {picture}
    </a>
"""
_CARD_UNIT = '<span class="card__unit">{}</span> · \n            '
_CARD_LEAD = '        <p class="card__lead">{}</p>\n'


@register.simple_tag(takes_context=True)
def article_card(context, article, large=False):
    """One article card, built in Python: a listing renders ~30 per page, and a template
    include per card (with its <picture> template) cost more than the rest of the page."""
    url = _escape(article.get_url(request=context.get("request")))
    image = ""
    if article.main_image:
        if large:
            pic = picture(
                article.main_image, "fill-480x300 fill-800x500", "(min-width: 48rem) 40rem, 100vw"
            )
        else:
            pic = picture(article.main_image, "fill-240x150 fill-480x300", "8rem")
        image = _CARD_IMAGE.format(url=url, picture=pic)
    unit = article.owning_unit
    date = template_localtime(article.date)
    return mark_safe(
        _CARD.format(
            large=" card--large" if large else "",
            image=image,
            url=url,
            title=_escape(article.title),
            unit=_CARD_UNIT.format(_escape(unit.display_name)) if unit else "",
            iso_date=date.isoformat(),  # the template's date:"c"
            date=vietnamese.format_date(date, with_weekday=False),
            lead=_CARD_LEAD.format(_escape(truncatewords(article.lead, 40))) if large else "",
        )
    )


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
