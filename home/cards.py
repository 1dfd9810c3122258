"""The article card and the responsive picture of the listings, built in Python.

A listing renders ~30 cards per page, and a template include per card (with its <picture>
template) cost more than the rest of the page. The markup is kept as a template too,
``templates/components/article_card.html``: it is the reference a designer reads and
changes, and tests/test_cards.py checks that the two give the same HTML. Change both.
"""

import functools
import html

from django.template.defaultfilters import truncatewords
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from wagtail.images.models import Filter

from portal import vietnamese


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


def article_card(article, large=False, request=None):
    """One article card, the markup of components/article_card.html."""
    url = _escape(article.get_url(request=request))
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
            date=vietnamese.format_datetime(date, with_weekday=False),
            lead=_CARD_LEAD.format(_escape(truncatewords(article.lead, 40))) if large else "",
        )
    )
