"""The register, the introduction page, the menu and footer settings and the visit figures
leave ``home`` for their own apps (issue #19), with their rows: the tables are renamed
here, and each new app's first migration takes the model over (state only) and moves its
content type, so pages, revisions and permissions keep pointing at the same rows."""

from django.db import migrations

MOVED = {
    "documentregisterpage": "register",
    "introductionpage": "units",
    "portalsettings": "navigation",
    "dailyvisits": "visits",
    "pageviews": "visits",
}


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_readers_blocks_register_settings_counters"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name=model, table=f"{app}_{model}")
                for model, app in MOVED.items()
            ],
            state_operations=[migrations.DeleteModel(name=model) for model in MOVED],
        ),
    ]
