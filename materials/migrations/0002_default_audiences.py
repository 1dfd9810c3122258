"""The audiences a new portal starts with; administrators edit the list."""

from django.db import migrations

AUDIENCES = [
    ("Cấp ủy, bí thư chi bộ", 10),
    ("Đảng viên", 20),
    ("Báo cáo viên, tuyên truyền viên", 30),
    ("Cán bộ, công chức, viên chức", 40),
    ("Đoàn viên, hội viên và Nhân dân", 50),
]


def add_audiences(apps, schema_editor):
    Audience = apps.get_model("materials", "Audience")
    for name, sort_order in AUDIENCES:
        Audience.objects.get_or_create(name=name, defaults={"sort_order": sort_order})


def remove_audiences(apps, schema_editor):
    Audience = apps.get_model("materials", "Audience")
    Audience.objects.filter(name__in=[name for name, _order in AUDIENCES]).delete()


class Migration(migrations.Migration):
    dependencies = [("materials", "0001_initial")]

    operations = [migrations.RunPython(add_audiences, remove_audiences)]
