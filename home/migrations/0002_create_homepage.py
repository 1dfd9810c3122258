from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("home.HomePage")

    # Replace Wagtail's placeholder "Welcome" page with the portal's front page.
    page_content_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_content_type, slug="home", depth=2).delete()
    Locale.objects.filter(language_code="en").update(language_code="vi")

    homepage_content_type, __ = ContentType.objects.get_or_create(
        model="homepage", app_label="home"
    )
    title = "Cổng thông tin điện tử Đảng bộ tỉnh"
    homepage = HomePage.objects.create(
        title=title,
        draft_title=title,
        slug="home",
        content_type=homepage_content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=Locale.objects.first(),
        live=True,
    )
    Site.objects.create(
        hostname="localhost",
        root_page=homepage,
        is_default_site=True,
        site_name=title,
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("home.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0053_locale_model"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
