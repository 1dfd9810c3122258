"""Exact-match keys for the pages that exist already (later saves keep them in step).

Historical models only: every page's folded title, and each unit's folded short name.
"""

from django.db import migrations

from portal.vietnamese import folded_words

UNIT, TITLE = 0, 2


def fold_key(text):
    return " ".join(folded_words((text or "").lower()))[:255]


def fill(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    UnitPage = apps.get_model("units", "UnitPage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    TitleKey = apps.get_model("search", "TitleKey")
    unit_type = ContentType.objects.filter(app_label="units", model="unitpage").first()
    short_names = dict(UnitPage.objects.values_list("pk", "short_name"))
    rows = []
    for pk, title, content_type_id in Page.objects.values_list("pk", "title", "content_type_id"):
        kind = UNIT if unit_type and content_type_id == unit_type.pk else TITLE
        keys = {fold_key(title), fold_key(short_names.get(pk, ""))} - {""}
        rows += [TitleKey(page_id=pk, kind=kind, key=key) for key in sorted(keys)]
    TitleKey.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("units", "0002_unit_access"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
