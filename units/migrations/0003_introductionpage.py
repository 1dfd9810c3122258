"""IntroductionPage moves here from home, with its table and its pages (issue #19)."""

import django.db.models.deletion
import wagtail.fields
from django.conf import settings
from django.db import migrations, models

APP = "units"
MODELS = ['introductionpage']


def _move_content_types(apps, schema_editor, source, target):
    """Relabel the moved models' content types: pages, revisions, permissions and log
    entries point at them by id, so they keep working. A content type already made for
    the new label (by a partial migrate) points at nothing yet and gives way."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MODELS:
        if content_types.filter(app_label=source, model=model).exists():
            content_types.filter(app_label=target, model=model).delete()
            content_types.filter(app_label=source, model=model).update(app_label=target)


def take_over_content_types(apps, schema_editor):
    _move_content_types(apps, schema_editor, "home", APP)


def give_back_content_types(apps, schema_editor):
    _move_content_types(apps, schema_editor, APP, "home")


class Migration(migrations.Migration):
    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('home', '0004_move_models_to_their_apps'),
        ('wagtailcore', '0098_apitoken'),
        ('units', '0002_unit_access'),
    ]

    operations = [
        # The table is home's, renamed by home.0004: take the model over without touching it.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='IntroductionPage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('body', wagtail.fields.RichTextField(blank=True, verbose_name='nội dung giới thiệu')),
                        ('unit', models.ForeignKey(blank=True, help_text='Thường là Tỉnh ủy: trang hiện chức năng, cơ cấu, lãnh đạo, liên hệ.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='units.unitpage', verbose_name='đơn vị được giới thiệu')),
                    ],
                    options={
                        'verbose_name': 'trang giới thiệu',
                    },
                    bases=('wagtailcore.page',),
                ),
            ],
        ),
        migrations.RunPython(take_over_content_types, give_back_content_types),
    ]
