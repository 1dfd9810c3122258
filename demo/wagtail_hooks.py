"""The demo content of the apps that ship to production, added after the units and articles.

``seed_demo`` runs every ``seed_demo`` hook with ``home``, ``units`` (by org key) and
``stdout``. An app may register its own hook; the demo content of the shipped apps lives
here, so none of it is installed in production.
"""

from wagtail import hooks


@hooks.register("seed_demo")
def seed_demo_feed(home, units, stdout):
    from .newsfeeds import seed

    seed(stdout)


@hooks.register("seed_demo")
def seed_demo_feedback(home, units, stdout):
    """Categories, the Q&A and consultation pages and a few items."""
    from .feedback import seed

    seed(home, stdout)


@hooks.register("seed_demo")
def seed_demo_schedules(home, units, stdout):
    """A month of weekly schedules for three units."""
    from .schedules import seed

    seed(home, units, stdout)


@hooks.register("seed_demo")
def seed_demo_galleries(home, units, stdout):
    """Three photo albums and two captioned videos, and the site-wide lists."""
    from .galleries import seed

    seed(home, units, stdout)


@hooks.register("seed_demo")
def seed_demo_materials(home, units, stdout):
    """A year of monthly cell materials of the provincial Ban Tuyên giáo và Dân vận."""
    from .materials import seed

    seed(home, units, stdout)


@hooks.register("seed_demo")
def seed_demo_narration(home, units, stdout):
    """The spoken version of the newest articles (after every app added its articles)."""
    from .narration import seed

    seed(stdout)


@hooks.register("seed_demo")
def seed_demo_navigation(home, units, stdout):
    """The two-level menu, footer lines, emblem, organisation chart and unit contacts (after
    the apps whose pages the menu links to)."""
    from .navigation import seed

    seed(home, units, stdout)
