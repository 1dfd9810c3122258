from wagtail import hooks


@hooks.register("seed_demo")
def seed_demo_galleries(home, units, stdout):
    """Three photo albums and two captioned videos, and the site-wide lists, for ``seed_demo``."""
    from .demo import seed

    seed(home, units, stdout)
