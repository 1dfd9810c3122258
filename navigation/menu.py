"""The main menu readers get: two levels, from the settings or the pages marked for menus.

``main_menu(request, settings)`` returns ``MenuLink`` tuples. Each ``portal_main_menu``
hook (``amend(request, links) -> links``) then adds what an app always puts in the menu
(feedback: "Góp ý – Hỏi đáp"). Entries whose page is gone or unpublished, whose address is
refused by ``navigation.links.safe_href`` or whose label is empty are left out, so data
that skipped the blocks' validation cannot reach a reader.
"""

from typing import NamedTuple

from wagtail import hooks
from wagtail.models import Site

from portal.visibility import visible


class MenuLink(NamedTuple):
    title: str
    url: str  # "" for an entry that only opens its submenu
    children: tuple = ()  # MenuLink tuples without children of their own

    def urls(self):
        """Its own address and its submenu's."""
        return {self.url, *(child.url for child in self.children)} - {""}


def _entry(value, with_children):
    """The MenuLink of a menu block's value, or None when a reader cannot use it."""
    if not hasattr(value, "href"):
        return None
    title, url = value.label(), value.href() or ""
    children = ()
    if with_children:
        children = tuple(
            link for link in (_entry(child, False) for child in value.get("children") or []) if link
        )
    if not title or not (url or children):
        return None
    return MenuLink(title, url, children)


def main_menu(request, settings):
    if settings.menu:
        links = [link for link in (_entry(block.value, True) for block in settings.menu) if link]
    else:
        site = Site.find_for_request(request)
        if site is None:
            return []
        pages = visible(site.root_page.get_children(), request).in_menu()
        links = [MenuLink(page.title, page.url) for page in pages]
    for amend in hooks.get_hooks("portal_main_menu"):
        links = amend(request, links)
    return links
