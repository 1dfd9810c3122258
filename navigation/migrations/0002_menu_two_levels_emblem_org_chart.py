"""The menu gets a second level (each item's "children"), the header an emblem image, and the
site an organisation chart page with each unit's contact points.

Stored menu items are given an empty "children" list, so every row has the new shape (the
blocks would read a missing key as empty too; the data says so explicitly). Going back
needs nothing: the one-level block ignores the key.
"""

import django.db.models.deletion
import wagtail.fields
from django.conf import settings
from django.db import migrations, models
from wagtail.blocks import StreamValue


def with_children(raw_menu):
    """The raw menu with "children": [] on every item that has none (other blocks as they are)."""
    items = []
    for item in raw_menu or []:
        value = item.get("value") if isinstance(item, dict) else None
        if isinstance(value, dict) and item.get("type") == "item" and "children" not in value:
            item = {**item, "value": {**value, "children": []}}
        items.append(item)
    return items


def add_children(apps, schema_editor):
    PortalSettings = apps.get_model("navigation", "PortalSettings")
    for settings_row in PortalSettings.objects.using(schema_editor.connection.alias):
        raw = list(settings_row.menu.raw_data)
        new = with_children(raw)
        if new != raw:
            settings_row.menu = StreamValue(settings_row.menu.stream_block, new, is_lazy=True)
            settings_row.save(update_fields=["menu"])


class Migration(migrations.Migration):

    dependencies = [
        ('navigation', '0001_initial'),
        ('units', '0003_introductionpage'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtailimages', '0027_image_description'),
    ]

    operations = [
        migrations.CreateModel(
            name='OrgChartPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('intro', wagtail.fields.RichTextField(blank=True, verbose_name='lời dẫn')),
            ],
            options={
                'verbose_name': 'sơ đồ tổ chức',
            },
            bases=('wagtailcore.page',),
        ),
        migrations.AddField(
            model_name='portalsettings',
            name='emblem',
            field=models.ForeignKey(blank=True, help_text='Ảnh ở đầu trang, cạnh tên cổng (thường là cờ Đảng). Để trống: dùng cờ Đảng vẽ sẵn.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='biểu trưng'),
        ),
        migrations.AlterField(
            model_name='portalsettings',
            name='menu',
            field=wagtail.fields.StreamField([('item', 6)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'label': 'Tên hiển thị', 'max_length': 150}), 1: ('wagtail.blocks.PageChooserBlock', (), {'label': 'Trang trên cổng', 'required': False}), 2: ('navigation.blocks.MenuURLBlock', (), {'help_text': 'Đường dẫn trên cổng (/gop-y/) hoặc địa chỉ http://, https://. Để trống cả hai: mục chỉ mở menu con.', 'label': 'Hoặc đường dẫn', 'required': False}), 3: ('navigation.blocks.MenuURLBlock', (), {'help_text': 'Đường dẫn trên cổng (/gop-y/) hoặc địa chỉ http://, https://.', 'label': 'Hoặc đường dẫn', 'required': False}), 4: ('wagtail.blocks.StructBlock', [[('title', 0), ('page', 1), ('url', 3)]], {}), 5: ('wagtail.blocks.ListBlock', (4,), {'default': [], 'label': 'Menu con', 'max_num': 20, 'required': False}), 6: ('wagtail.blocks.StructBlock', [[('title', 0), ('page', 1), ('url', 2), ('children', 5)]], {})}, help_text='Hai cấp: mỗi mục có thể có menu con. Để trống: menu gồm các trang được đánh dấu “hiện trong menu”.', verbose_name='menu chính'),
        ),
        migrations.RunPython(add_children, migrations.RunPython.noop),
        migrations.CreateModel(
            name='UnitContact',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('role', models.CharField(help_text='Ví dụ: Chánh Văn phòng; Bộ phận tiếp nhận văn bản; Người phát ngôn', max_length=150, verbose_name='bộ phận hoặc chức danh')),
                ('name', models.CharField(blank=True, max_length=150, verbose_name='họ và tên')),
                ('phone', models.CharField(blank=True, max_length=50, verbose_name='điện thoại')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='thư điện tử')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='contacts', to='units.unitpage', verbose_name='đơn vị')),
            ],
            options={
                'verbose_name': 'đầu mối liên hệ',
                'verbose_name_plural': 'đầu mối liên hệ',
                'ordering': ['sort_order', 'pk'],
                'abstract': False,
            },
        ),
    ]
