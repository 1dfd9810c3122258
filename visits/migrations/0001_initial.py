"""DailyVisits and PageViews move here from home, with their rows (issue #19)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

APP = "visits"
MODELS = ['dailyvisits', 'pageviews']


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
    ]

    operations = [
        # The table is home's, renamed by home.0004: take the model over without touching it.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DailyVisits',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(unique=True, verbose_name='ngày')),
                        ('visits', models.PositiveBigIntegerField(default=0, verbose_name='lượt truy cập')),
                    ],
                    options={
                        'verbose_name': 'lượt truy cập theo ngày',
                        'verbose_name_plural': 'lượt truy cập theo ngày',
                        'ordering': ['-date'],
                    },
                ),
                migrations.CreateModel(
                    name='PageViews',
                    fields=[
                        ('page', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('views', models.PositiveBigIntegerField(default=0, verbose_name='lượt xem')),
                    ],
                    options={
                        'verbose_name': 'lượt xem trang',
                        'verbose_name_plural': 'lượt xem trang',
                    },
                ),
            ],
        ),
        migrations.RunPython(take_over_content_types, give_back_content_types),
    ]
