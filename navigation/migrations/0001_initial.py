"""PortalSettings (menu and footer) moves here from home, with its rows (issue #19)."""

import django.db.models.deletion
import wagtail.fields
from django.conf import settings
from django.db import migrations, models

APP = "navigation"
MODELS = ['portalsettings']


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
                    name='PortalSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('menu', wagtail.fields.StreamField([('item', 3)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'label': 'Tên hiển thị', 'max_length': 150}), 1: ('wagtail.blocks.PageChooserBlock', (), {'label': 'Trang trên cổng', 'required': False}), 2: ('wagtail.blocks.URLBlock', (), {'label': 'Hoặc địa chỉ ngoài', 'required': False}), 3: ('wagtail.blocks.StructBlock', [[('title', 0), ('page', 1), ('url', 2)]], {})}, help_text='Để trống: menu gồm các trang được đánh dấu “hiện trong menu”.', verbose_name='menu chính')),
                        ('owner', models.CharField(default='Ban Thường vụ Tỉnh ủy Tây Ninh', max_length=255, verbose_name='cơ quan chủ quản')),
                        ('address', models.CharField(default='Số 1 đường Trần Hưng Đạo, phường 2, thành phố Tây Ninh, tỉnh Tây Ninh', max_length=255, verbose_name='địa chỉ')),
                        ('phone', models.CharField(blank=True, max_length=100, verbose_name='điện thoại')),
                        ('email', models.EmailField(blank=True, max_length=254, verbose_name='thư điện tử')),
                        ('responsible', models.CharField(blank=True, max_length=255, verbose_name='chịu trách nhiệm chính')),
                        ('licence', models.CharField(blank=True, help_text='Ví dụ: Giấy phép số …/GP-TTĐT do Sở Thông tin và Truyền thông cấp ngày …', max_length=255, verbose_name='giấy phép')),
                        ('reuse_note', models.CharField(default='Ghi rõ nguồn “Cổng thông tin điện tử Đảng bộ tỉnh Tây Ninh” khi phát hành lại thông tin từ cổng.', max_length=500, verbose_name='ghi chú sử dụng lại thông tin')),
                        ('footer_links', wagtail.fields.StreamField([('link', 3)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'label': 'Tên hiển thị', 'max_length': 150}), 1: ('wagtail.blocks.PageChooserBlock', (), {'label': 'Trang trên cổng', 'required': False}), 2: ('wagtail.blocks.URLBlock', (), {'label': 'Hoặc địa chỉ ngoài', 'required': False}), 3: ('wagtail.blocks.StructBlock', [[('title', 0), ('page', 1), ('url', 2)]], {})}, verbose_name='liên kết cuối trang')),
                        ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
                    ],
                    options={
                        'verbose_name': 'menu và chân trang',
                    },
                ),
            ],
        ),
        migrations.RunPython(take_over_content_types, give_back_content_types),
    ]
