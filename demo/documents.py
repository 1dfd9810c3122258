"""Seeding the demo's Party documents (seed_demo): issuers of the centre, the authority
rules, the documents and their relations (implements, replaces, amends, supplements,
repeals), inserted through the bulk path.

The document texts come from ``demo.content`` (real documents and generated ones) and
``RELATION_EXAMPLES`` below, which give the relations something true to show: provincial
and district plans implementing 35-NQ/TW (the implementation tree), a Quy chế replaced,
amended and supplemented, a Quy định repealed.
"""

import datetime
from collections import defaultdict

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model

from articles.authority import create_default_rules
from articles.models import (
    AuthorityRule,
    DirectiveAttachment,
    DirectiveCoIssuer,
    DirectivePage,
    DocumentType,
)
from articles.symbols import format_number_symbol
from demo import content
from demo.content import DocumentSpec
from demo.pdf import document_pdf
from portal.bulk import bulk_add_children
from portal.vietnamese import slugify_vi
from units.models import Issuer

# Bodies outside the portal, by the key specs name them with: (code, name, kind). The Ban
# Chấp hành Trung ương, the Bộ Chính trị and the Ban Bí thư all sign ".../TW".
CENTRAL_ISSUERS = {
    "TW": ("TW", "Ban Chấp hành Trung ương Đảng", "central_committee"),
    "BCT": ("TW", "Bộ Chính trị", "politburo"),
    "BBT": ("TW", "Ban Bí thư", "secretariat"),
    "BTCTW": ("BTCTW", "Ban Tổ chức Trung ương", "staff"),
    "BTGDVTW": ("BTGDVTW", "Ban Tuyên giáo và Dân vận Trung ương", "staff"),
}
# Document types whose documents lower committees implement (the implementation tree).
IMPLEMENTED_TYPES = ("NQ", "CT", "KL", "TT")
RELATIONS = ("implements", "replaces", "amends", "supplements", "repeals")

_TU = ("Phó Bí thư Thường trực Tỉnh ủy", "Trần Thị Minh Hà", "T/M", "Ban Thường vụ")
_HU = ("Bí thư", "Nguyễn Văn Nam", "T/M", "Ban Thường vụ")


def _local(number, type_code, issuer, day, summary, signer=_TU, **extra):
    title, name, authority, body = signer
    return DocumentSpec(
        number,
        type_code,
        issuer,
        day,
        summary,
        title,
        name,
        authority,
        issuer,
        signing_body=body,
        body=content.DOC_PARAGRAPHS[:3],
        **extra,
    )


RELATION_EXAMPLES = [
    # The implementation tree of 35-NQ/TW: the province's plan, then the districts'.
    _local(
        121,
        "KH",
        "tinh-uy",
        datetime.date(2018, 12, 20),
        "Thực hiện Nghị quyết số 35-NQ/TW, ngày 22/10/2018 của Bộ Chính trị về tăng cường bảo "
        "vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch",
        implements=["35-NQ/TW"],
        topics=["Bảo vệ nền tảng tư tưởng của Đảng"],
        field_name="Chính trị - tư tưởng",
    ),
    *(
        _local(
            number,
            "KH",
            unit,
            day,
            "Thực hiện Kế hoạch số 121-KH/TU của Ban Thường vụ Tỉnh ủy về thực hiện Nghị quyết "
            "số 35-NQ/TW của Bộ Chính trị",
            signer=_HU,
            implements=["121-KH/TU"],
            topics=["Bảo vệ nền tảng tư tưởng của Đảng"],
            field_name="Chính trị - tư tưởng",
            place=place,
        )
        for number, unit, day, place in [
            (95, "thanh-uy-tay-ninh", datetime.date(2019, 1, 15), "Thành phố Tây Ninh"),
            (88, "huyen-uy-go-dau", datetime.date(2019, 1, 22), "Gò Dầu"),
            (90, "thi-uy-hoa-thanh", datetime.date(2019, 2, 11), "Hòa Thành"),
        ]
    ),
    # A Quy chế replaced, then the new one amended and supplemented.
    _local(
        1,
        "QC",
        "tinh-uy",
        datetime.date(2015, 11, 20),
        "Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh khóa X, nhiệm kỳ 2015–2020",
        signer=("Bí thư", "Nguyễn Thị Thu Hà", "T/M", "Tỉnh ủy"),
    ),
    _local(
        2,
        "QC",
        "tinh-uy",
        datetime.date(2020, 11, 25),
        "Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh khóa XI, nhiệm kỳ 2020–2025",
        signer=("Bí thư", "Nguyễn Thành Tâm", "T/M", "Tỉnh ủy"),
        replaces=["01-QC/TU"],
    ),
    _local(
        305,
        "QĐ",
        "tinh-uy",
        datetime.date(2022, 3, 8),
        "Sửa đổi Điều 12 Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh khóa XI, nhiệm kỳ "
        "2020–2025 (ban hành kèm theo Quy chế số 02-QC/TU)",
        amends=["02-QC/TU"],
    ),
    _local(
        318,
        "QĐ",
        "tinh-uy",
        datetime.date(2023, 6, 14),
        "Bổ sung trách nhiệm của Thường trực Tỉnh ủy vào Quy chế làm việc số 02-QC/TU của Ban "
        "Chấp hành Đảng bộ tỉnh khóa XI",
        supplements=["02-QC/TU"],
    ),
    # A Quy định repealed.
    _local(
        7,
        "QĐi",
        "tinh-uy",
        datetime.date(2017, 4, 3),
        "Về chế độ báo cáo định kỳ của các cấp ủy trực thuộc Tỉnh ủy",
    ),
    _local(
        326,
        "QĐ",
        "tinh-uy",
        datetime.date(2024, 2, 19),
        "Bãi bỏ Quy định số 07-QĐi/TU về chế độ báo cáo định kỳ của các cấp ủy trực thuộc Tỉnh ủy",
        repeals=["07-QĐi/TU"],
    ),
]
# What a relation does to the document it names, once both are in the demo.
STATUS_AFTER = {"replaces": DirectivePage.Status.REPLACED, "repeals": DirectivePage.Status.EXPIRED}


def catalogue_issuers(types):
    """The bodies of the centre, and the authority rules for the demo's types."""
    issuers = {}
    for key, (code, name, kind) in CENTRAL_ISSUERS.items():
        issuer = Issuer.objects.filter(code=code, unit=None, name=name).first()
        if issuer is None:
            issuer = Issuer.objects.create(code=code, name=name, kind=kind)
        elif issuer.kind != kind:
            issuer.kind = kind
            issuer.save(update_fields=["kind"])
        issuers[key] = issuer
    DocumentType.objects.filter(code__in=IMPLEMENTED_TYPES).update(needs_implementation=True)
    create_default_rules(AuthorityRule, DocumentType)
    return issuers


def seed_documents(count, units, topics, catalogues, collection):
    """``count`` documents (the real ones and the relation examples first); returns how many
    were created. Existing documents are left alone."""
    fixed = content.REAL_DOCUMENTS + RELATION_EXAMPLES
    specs = fixed[:count] + content.generated_document_specs(max(count - len(fixed), 0))
    issuers = {issuer.unit_id: issuer for issuer in Issuer.objects.filter(unit__isnull=False)}
    central = catalogues["central"]
    Document = get_document_model()
    by_parent = defaultdict(list)
    for spec in specs:
        is_central = spec.issuer in central
        issuer = central[spec.issuer] if is_central else issuers[units[spec.issuer].pk]
        term = catalogues["terms"][content.term_name_for(spec.issue_date, is_central)]
        doc_type = catalogues["types"][spec.type_code]
        if DirectivePage.objects.filter(
            document_type=doc_type, number=spec.number, issuer=issuer, term=term
        ).exists():
            continue
        co_issuers = [issuers[units[key].pk] for key in spec.co_issuers]
        symbol = format_number_symbol(
            spec.number, doc_type.code, [issuer.code] + [i.code for i in co_issuers]
        )
        title = f"{doc_type.name} số {symbol} {spec.summary[0].lower()}{spec.summary[1:]}"
        page = DirectivePage(
            title=title[:250],
            slug=slugify_vi(f"{doc_type.name} {symbol}-{spec.issue_date.year}"),
            number=spec.number,
            document_type=doc_type,
            issuer=issuer,
            number_symbol=symbol,
            term=term,
            issue_date=spec.issue_date,
            effective_date=spec.issue_date,
            place=spec.place,
            signer_name=spec.signer_name,
            signer_title=spec.signer_title,
            signing_authority=spec.authority,
            signing_body=spec.signing_body,
            summary=spec.summary,
            field=catalogues["fields"][spec.field_name],
            source=DirectivePage.Source.MIRRORED if spec.mirrored else DirectivePage.Source.OWN,
            first_published_at=timezone.make_aware(
                datetime.datetime.combine(spec.issue_date, datetime.time(8))
            ),
        )
        pdf = document_pdf(
            issuer_name=issuer.name,
            number_symbol=symbol,
            place_date=f"{spec.place}, ngày {spec.issue_date.day:02d} tháng "
            f"{spec.issue_date.month:02d} năm {spec.issue_date.year}",
            type_name=doc_type.name,
            summary=spec.summary,
            paragraphs=spec.body,
            signer_block=page.signature_block,
        )
        document = Document(title=title[:250], collection=collection)
        document.file.save(f"{page.slug}.pdf", ContentFile(pdf), save=False)
        document.save()
        by_parent[units[spec.unit]].append((spec, page, document, co_issuers))

    created = 0
    for parent, items in by_parent.items():
        with transaction.atomic():
            bulk_add_children(parent, [page for _, page, _, _ in items])
            DirectiveAttachment.objects.bulk_create(
                DirectiveAttachment(page=page, document=document, label="Toàn văn", sort_order=0)
                for _, page, document, _ in items
            )
            DirectiveCoIssuer.objects.bulk_create(
                DirectiveCoIssuer(page=page, issuer=issuer, sort_order=position)
                for _, page, _, co_issuers in items
                for position, issuer in enumerate(co_issuers)
            )
            DirectivePage.topics.through.objects.bulk_create(
                DirectivePage.topics.through(directivepage_id=page.pk, topicpage_id=topics[name].pk)
                for spec, page, _, _ in items
                for name in spec.topics
            )
        created += len(items)

    # Relations last, once every document exists: a KH/TU implements an NQ/TW…
    by_symbol = dict(DirectivePage.objects.values_list("number_symbol", "pk"))
    new_items = [item for items in by_parent.values() for item in items]
    for relation in RELATIONS:
        targets = [
            (page.pk, by_symbol[symbol])
            for spec, page, _, _ in new_items
            for symbol in getattr(spec, relation)
            if symbol in by_symbol
        ]
        through = getattr(DirectivePage, relation).through
        through.objects.bulk_create(
            through(from_directivepage_id=source, to_directivepage_id=target)
            for source, target in targets
        )
        if relation in STATUS_AFTER and targets:
            DirectivePage.objects.filter(pk__in=[target for _, target in targets]).update(
                status=STATUS_AFTER[relation]
            )
    return created
