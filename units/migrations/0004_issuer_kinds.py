# Issuer kinds (Quy định 66-QĐ/TW) and the distinct bodies of the centre.

from django.db import migrations, models

# Existing unit kinds, by the names the shipped org charts give them: the one time a name
# decides anything, for rows made before the kind was a field (new charts say issuer_kind).
KIND_BY_NAME = {
    "Tỉnh ủy": "party_committee",
    "Thành ủy": "party_committee",
    "Thị ủy": "party_committee",
    "Huyện ủy": "party_committee",
    "Đảng ủy trực thuộc": "party_committee",
    "Đảng ủy xã, phường, thị trấn": "party_committee",
    "Đảng ủy xã, phường": "party_committee",
    "Cơ quan tham mưu, giúp việc": "staff",
}
# The bodies of the centre that sign ".../TW" besides the Ban Chấp hành Trung ương.
CENTRAL_BODIES = [("Bộ Chính trị", "politburo"), ("Ban Bí thư", "secretariat")]


def set_kinds(apps, schema_editor):
    UnitKind = apps.get_model("units", "UnitKind")
    Issuer = apps.get_model("units", "Issuer")
    for name, kind in KIND_BY_NAME.items():
        UnitKind.objects.filter(name=name, issuer_kind="").update(issuer_kind=kind)
    for unit_kind in UnitKind.objects.exclude(issuer_kind=""):
        Issuer.objects.filter(unit__kind=unit_kind, kind="").update(kind=unit_kind.issuer_kind)
    central = Issuer.objects.filter(code="TW", unit__isnull=True, kind="")
    if not central.exists():
        return
    for name, kind in CENTRAL_BODIES:
        central.filter(name=name).update(kind=kind)
    central.filter(kind="").update(kind="central_committee")
    for name, kind in CENTRAL_BODIES:
        if not Issuer.objects.filter(code="TW", unit__isnull=True, kind=kind).exists():
            Issuer.objects.create(code="TW", name=name, kind=kind)


class Migration(migrations.Migration):

    dependencies = [
        ('units', '0003_introductionpage'),
    ]

    operations = [
        migrations.AddField(
            model_name='issuer',
            name='kind',
            field=models.CharField(blank=True, choices=[('', 'Chưa phân loại (không kiểm tra thẩm quyền)'), ('central_committee', 'Ban Chấp hành Trung ương'), ('politburo', 'Bộ Chính trị'), ('secretariat', 'Ban Bí thư'), ('party_committee', 'Cấp ủy (Ban Chấp hành, Ban Thường vụ, Thường trực)'), ('staff', 'Ban, cơ quan tham mưu, giúp việc cấp ủy'), ('inspection', 'Ủy ban kiểm tra')], help_text='Xác định loại văn bản cơ quan được ban hành (Quy định 66-QĐ/TW). Với cơ quan của một đơn vị trên cổng: lấy theo loại đơn vị khi lưu đơn vị.', max_length=20, verbose_name='loại cơ quan ban hành'),
        ),
        migrations.AddField(
            model_name='unitkind',
            name='issuer_kind',
            field=models.CharField(blank=True, choices=[('', 'Chưa phân loại (không kiểm tra thẩm quyền)'), ('central_committee', 'Ban Chấp hành Trung ương'), ('politburo', 'Bộ Chính trị'), ('secretariat', 'Ban Bí thư'), ('party_committee', 'Cấp ủy (Ban Chấp hành, Ban Thường vụ, Thường trực)'), ('staff', 'Ban, cơ quan tham mưu, giúp việc cấp ủy'), ('inspection', 'Ủy ban kiểm tra')], help_text='Thẩm quyền ban hành văn bản của các đơn vị loại này (Quy định 66-QĐ/TW): cơ quan ban hành của đơn vị nhận loại này khi lưu đơn vị.', max_length=20, verbose_name='loại cơ quan ban hành'),
        ),
        migrations.RunPython(set_kinds, migrations.RunPython.noop),
    ]
