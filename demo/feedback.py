"""Demo content for `seed_demo`: categories, the Q&A and consultation pages, a few items
(one answered and published). Idempotent: what exists is left alone."""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model

from feedback import handling
from feedback.models import (
    Category,
    ConsultationIndexPage,
    ConsultationPage,
    FeedbackItem,
    QAIndexPage,
)
from portal.vietnamese import slugify_vi
from units.models import UnitPage

from .pdf import document_pdf

CATEGORIES = [
    ("Xây dựng Đảng", 15),
    ("Công tác dân vận", 15),
    ("Kinh tế – xã hội", 20),
    ("Kiểm tra, giám sát", 10),
]
CONSULTATION = "Dự thảo Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh nhiệm kỳ 2025–2030"
ITEMS = [
    # (unit org_key or None, category, subject, message, answer or None)
    (
        "dang-uy-thi-tran-go-dau",
        "Công tác dân vận",
        "Thời gian tiếp công dân của Thường trực Đảng ủy xã Gò Dầu",
        "Xin cho biết Thường trực Đảng ủy xã tiếp công dân vào ngày nào trong tuần?",
        "<p>Thường trực Đảng ủy xã tiếp công dân vào sáng thứ Năm hằng tuần tại Trung tâm "
        "Phục vụ hành chính công xã; trường hợp trùng ngày lễ, lịch tiếp dời sang ngày làm "
        "việc kế tiếp.</p>",
    ),
    (
        "ban-to-chuc",
        "Xây dựng Đảng",
        "Thủ tục chuyển sinh hoạt Đảng chính thức ra ngoài tỉnh",
        "Tôi chuyển công tác sang tỉnh khác, cần chuẩn bị hồ sơ gì để chuyển sinh hoạt Đảng?",
        None,
    ),
    (
        None,
        "Kinh tế – xã hội",
        "Đề nghị sửa đường liên ấp trước mùa mưa",
        "Đường liên ấp xuống cấp, nhiều ổ gà, đề nghị các cơ quan xem xét sửa chữa.",
        None,
    ),
]


def child(parent, model, title, **fields):
    slug = slugify_vi(title)[:80].rstrip("-")
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(title=title, slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


@transaction.atomic
def seed(home, stdout):
    categories = {
        name: Category.objects.get_or_create(name=name, defaults={"response_days": days})[0]
        for name, days in CATEGORIES
    }
    qa_index = child(
        home,
        QAIndexPage,
        "Hỏi đáp",
        show_in_menus=True,
        intro="Câu hỏi của cán bộ, đảng viên và nhân dân, và trả lời của các cơ quan Đảng.",
    )
    child(
        home,
        ConsultationIndexPage,
        "Lấy ý kiến",
        intro="Các dự thảo văn bản đang lấy ý kiến cán bộ, đảng viên và nhân dân.",
    )
    units = {unit.org_key: unit for unit in UnitPage.objects.filter(org_key__isnull=False)}
    office = units.get("van-phong") or units["tinh-uy"]
    if not ConsultationPage.objects.filter(title=CONSULTATION).exists():
        Document = get_document_model()
        draft = Document(title=CONSULTATION)
        pdf = document_pdf(
            issuer_name="TỈNH ỦY TÂY NINH",
            number_symbol="Dự thảo",
            place_date="Tây Ninh",
            type_name="QUY CHẾ",
            summary="làm việc của Ban Chấp hành Đảng bộ tỉnh nhiệm kỳ 2025–2030",
            paragraphs=["Chương I. Những quy định chung.", "Chương II. Trách nhiệm, quyền hạn."],
            signer_block="T/M TỈNH ỦY",
        )
        draft.file.save("du-thao-quy-che-lam-viec.pdf", ContentFile(pdf), save=False)
        draft.save()
        today = timezone.localdate()
        child(
            units["tinh-uy"],
            ConsultationPage,
            CONSULTATION,
            intro="Ban Thường vụ Tỉnh ủy xin ý kiến cán bộ, đảng viên và nhân dân về dự thảo "
            "Quy chế làm việc. Ý kiến gửi qua biểu mẫu dưới đây hoặc theo địa chỉ, thư điện tử.",
            draft=draft,
            opens_on=today - datetime.timedelta(days=3),
            closes_on=today + datetime.timedelta(days=30),
            receiving_address=office.address or "Văn phòng Tỉnh ủy Tây Ninh",
            receiving_email=office.email or "vanphong.tinhuy@example.invalid",
            category=categories["Xây dựng Đảng"],
        )
    admin = get_user_model().objects.filter(username="admin").first()
    created = 0
    for unit_key, category, subject, message, answer in ITEMS:
        if FeedbackItem.objects.filter(subject=subject).exists():
            continue
        item = handling.receive(
            {
                "name": "Người dân (dữ liệu mẫu)",
                "phone": "0900000000",
                "subject": subject,
                "message": message,
                "consent_publish": True,
            },
            unit=units.get(unit_key) if unit_key else None,
            category=categories[category],
        )
        created += 1
        if answer and admin:
            handling.reply(item, admin, answer)
            handling.approve_publication(item, admin, subject, message)
    stdout.write(f"Feedback items created: {created} (Q&A at {qa_index.get_url()})")
