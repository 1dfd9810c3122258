"""The portal's front page: its blocks and the listings they show."""

from typing import NamedTuple

from django.db import connections, models, router
from django.db.models import Q, prefetch_related_objects
from django.db.models.functions import Substr
from django.db.models.lookups import In
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.fields import StreamField
from wagtail.models import Page

from articles.models import (
    ARTICLE_LISTING_FIELDS,
    DIRECTIVE_LISTING_FIELDS,
    PAGE_LISTING_FIELDS,
    ArticlePage,
    DirectivePage,
    TopicPage,
    card_renditions,
)
from portal.visibility import restricted_paths, visible
from units.models import PortalPage, UnitPage

from .blocks import HomeBodyBlock, default_home_body


class HomePage(PortalPage):
    intro = models.TextField(_("lời giới thiệu"), blank=True)
    body = StreamField(
        HomeBodyBlock(),
        verbose_name=_("các khối trên trang chủ"),
        blank=True,
        default=default_home_body,
        help_text=_("Sắp xếp, thêm hoặc bớt các khối tin trên trang chủ."),
    )

    parent_page_types = ["wagtailcore.Page"]
    owning_unit = None  # never inside a unit (parent_page_types): no query for it
    # The apps built on home add their own pages by naming home.HomePage in their
    # parent_page_types (the register, Q&A, consultations).
    subpage_types = ["units.UnitPage", "units.IntroductionPage", "articles.TopicIndexPage"]
    max_count_per_parent = 1
    template = "pages/home_page.html"

    content_panels = PortalPage.content_panels + ["intro", "body"]

    # Apps that fill the "CPV e-newspaper" block register ``provider(request, count) -> list``
    # with the "home_party_news" hook (items with ``title``, ``url`` and optionally
    # ``date``); until then it shows an empty state.
    # Apps that fill other blocks register ``provider(request, home, count) -> list`` under
    # the block's type (galleries: "albums"); a block without a provider shows its empty state.
    block_providers = {}

    class Meta:
        verbose_name = _("trang chủ")

    def route(self, request, path_components):
        # One lookup by url_path instead of a query (and a .specific) per level of the tree.
        # Paths that are not pages (routable pages' sub-routes, typos) take Wagtail's way.
        if path_components:
            url_path = self.url_path + "/".join(path_components) + "/"
            # url_path has no index; slug has: look up by both (100,000 pages: 1 row read).
            page = Page.objects.filter(slug=path_components[-1], url_path=url_path).first()
            if page is not None:
                return page.specific.route(request, [])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["home_blocks"] = HomeListings(self, request).build(self.body)
        return context


class HomeListings:
    """The items of every home page block, fetched together (a fixed number of queries).

    Every article block (featured, latest, each unit family) is one ``id IN (… LIMIT n)``
    subquery of a single query of narrow rows; each block then takes its own first items
    from that one list, in Python. The units are one query of five columns, used both to
    resolve the families' unit kinds and to name each card's unit.
    """

    def __init__(self, home, request):
        self.home = home
        self.request = request

    def build(self, body):
        by_type = {}
        for block in body:
            by_type.setdefault(block.block_type, []).append(block)
        wanted = {
            kind: max(b.value["count"] for b in blocks)
            for kind, blocks in by_type.items()
            if kind not in ("links", "unit_news")
        }
        lists_articles = "unit_news" in by_type or "featured" in wanted or "latest" in wanted
        units = self.units() if lists_articles else []
        visible_units = [unit for unit in units if unit.visible]
        featured_count = wanted.get("featured", 0)
        latest_count = featured_count + wanted.get("latest", 0)
        families = {
            block.id: self.family(block.value, visible_units)
            for block in by_type.get("unit_news", [])
        }
        subqueries = []
        if featured_count:
            subqueries.append(("featured", Q(featured=True), featured_count))
        if "featured" in wanted or "latest" in wanted:
            subqueries.append(("latest", Q(), latest_count))
        for family in families.values():
            if family is not None:
                subqueries.append((family.key, family.condition, family.count))
        articles = self.articles(subqueries)

        items = {}
        if "featured" in wanted or "latest" in wanted:
            featured = [a for a in articles if a.featured][:featured_count]
            latest = articles[:latest_count]
            featured_ids = {a.pk for a in featured}
            if len(featured) < featured_count:  # fall back to the latest stories
                featured += [a for a in latest if a.pk not in featured_ids][
                    : featured_count - len(featured)
                ]
                featured_ids = {a.pk for a in featured}
            items["featured"] = featured
            items["latest"] = [a for a in latest if a.pk not in featured_ids]
        unit_news = {
            block_id: [] if family is None else family.pick(articles)
            for block_id, family in families.items()
        }
        if "documents" in wanted:
            items["documents"] = list(
                visible(DirectivePage.objects, self.request)
                .descendant_of(self.home)
                .only(*DIRECTIVE_LISTING_FIELDS)
                .select_related("document_type")
                .order_by("-issue_date", "-pk")[: wanted["documents"]]
            )
        if "topics" in wanted:
            items["topics"] = list(
                visible(TopicPage.objects, self.request)
                .filter(is_current=True)
                .only(*PAGE_LISTING_FIELDS)
                .order_by("-first_published_at")[: wanted["topics"]]
            )
        if "party_news" in wanted:
            items["party_news"] = []
            for provider in hooks.get_hooks("home_party_news"):
                items["party_news"] += provider(self.request, wanted["party_news"])
        for kind, provider in HomePage.block_providers.items():
            if kind in wanted:
                items[kind] = provider(self.request, self.home, wanted[kind])
        prefetch_related_objects([a for a in articles if a.main_image_id], card_renditions())
        name_owning_units(articles, units)

        result = []
        for block in body:
            if block.block_type == "unit_news":
                block_items = unit_news[block.id][: block.value["count"]]
            elif block.block_type == "links":
                block_items = None
            else:
                block_items = items.get(block.block_type, [])[: block.value["count"]]
            result.append((block, block_items))
        return result

    def units(self):
        """Every unit (path, kind, name), and whether a reader may see it: one query."""
        restricted = restricted_paths(self.request)
        return [
            HomeUnit(
                path=path,
                kind_id=kind_id,
                display_name=short_name or title,
                visible=live and not any(path.startswith(p) for p in restricted),
            )
            for path, kind_id, live, short_name, title in UnitPage.objects.order_by().values_list(
                "path", "kind_id", "live", "short_name", "title"
            )
        ]

    def articles(self, subqueries):
        """The articles of every block, newest first: two queries, whatever the blocks.

        ``subqueries`` are ``(key, condition, count)``: the ``count`` newest visible
        articles matching ``condition``, ``key`` naming the condition. The ids of all of
        them come from one query whose SQL is compiled once per process for the same blocks,
        units and view restrictions (building and compiling its subqueries cost more than
        running them); the rows are a second, plain query by id.
        """
        if not subqueries:
            return []
        ids = self.newest_ids(subqueries)
        rows = (
            ArticlePage.objects.filter(pk__in=ids)
            .only(*ARTICLE_LISTING_FIELDS)
            .select_related("main_image")
            .order_by()
        )
        return sorted(rows, key=lambda article: (article.date, article.pk), reverse=True)

    def newest_ids(self, subqueries):
        restricted = restricted_paths(self.request)
        database = router.db_for_read(ArticlePage)
        key = (
            database,
            self.home.pk,
            self.home.path,
            tuple(restricted),
            tuple((name, count) for name, _condition, count in subqueries),
        )
        sql = _NEWEST_IDS_SQL.get(key)
        if sql is None:
            # One ``UNION ALL`` of each block's newest ids, each an ORM query compiled to SQL.
            # (Not ``id IN (…) OR id IN (…)``: PostgreSQL answers that by reading every article.
            # Nor QuerySet.union(): Django refuses sliced parts on SQLite.)
            listed = visible(ArticlePage.objects.using(database), self.request).descendant_of(
                self.home
            )
            parts, params = [], []
            for number, (_name, condition, count) in enumerate(subqueries):
                newest = listed.filter(condition).order_by("-date", "-pk")
                part, part_params = (
                    newest.values_list("pk", flat=True)[:count]
                    .query.get_compiler(database)
                    .as_sql()
                )
                parts.append(f"SELECT * FROM ({part}) AS newest_{number}")
                params.extend(part_params)
            sql = (" UNION ALL ".join(parts), tuple(params))
            if len(_NEWEST_IDS_SQL) >= 64:  # a new home layout or restriction: start over
                _NEWEST_IDS_SQL.clear()
            _NEWEST_IDS_SQL[key] = sql
        with connections[database].cursor() as cursor:
            cursor.execute(*sql)
            return [row[0] for row in cursor.fetchall()]

    def family(self, value, units):
        """The articles a unit-family block lists: a SQL condition and the same test in Python."""
        chosen = {page.path for page in value["units"] if page}
        kinds = {kind.pk for kind in value["kinds"] if kind}
        chosen |= {unit.path for unit in units if unit.kind_id in kinds}
        if not chosen:
            return None
        others = set()
        if value["own_news_only"]:
            others = {
                unit.path
                for unit in units
                if unit.path not in chosen and any(unit.path.startswith(p) for p in chosen)
            }
        return UnitFamily(chosen, others, value["count"])


# SQL of HomeListings.newest_ids, by everything it depends on (see there).
_NEWEST_IDS_SQL = {}


class HomeUnit(NamedTuple):
    path: str
    kind_id: int | None
    display_name: str
    visible: bool


class UnitFamily:
    """Articles at or under the ``chosen`` units' paths, and not under ``others``."""

    def __init__(self, chosen, others, count):
        self.chosen = tuple(sorted(chosen))
        self.others = tuple(sorted(others))
        self.count = count
        self.key = ("family", self.chosen, self.others)
        self.condition = in_subtrees(chosen)
        if others:
            self.condition &= ~in_subtrees(others)

    def pick(self, articles):
        """The family's first ``count`` of ``articles`` (sorted newest first)."""
        return [
            article
            for article in articles
            if article.path.startswith(self.chosen) and not article.path.startswith(self.others)
        ][: self.count]


def name_owning_units(pages, units):
    """Set each page's ``owning_unit`` (only its ``display_name`` is read) from ``units``."""
    by_path = {unit.path: unit for unit in units}
    steplen = UnitPage.steplen
    for page in pages:
        for end in range(len(page.path) - steplen, 0, -steplen):
            if page.path[:end] in by_path:
                page.owning_unit = by_path[page.path[:end]]
                break
        else:
            page.owning_unit = None


def in_subtrees(paths):
    """Pages at or under any of ``paths``: one ``substr(path) IN (…)`` per path length.

    The same rows as OR-ing ``path__startswith`` for each unit, but a family of twenty
    units gives one or two conditions to build and test instead of twenty.
    """
    by_length = {}
    for path in paths:
        by_length.setdefault(len(path), []).append(path)
    query = Q()
    for length, prefixes in sorted(by_length.items()):
        query |= Q(In(Substr("path", 1, length), sorted(prefixes)))
    return query
