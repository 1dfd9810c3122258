"""The permission matrix: real admin HTTP requests, each user × each action × each unit.

Units: a department (Ban Tổ chức), a district committee, and a commune committee nested two
levels below the provincial committee (province → district → commune). Users: the editor and
the approver of each of those three units, plus an administrator who may do everything (so
every "allowed" request is known to work). Each action is tried on each unit; it must succeed
exactly when the unit is inside the user's own subtree (and, for publishing, unpublishing and
deleting live pages, when the user is an approver), and must otherwise change nothing. Forged
requests are part of it: POSTs to another unit's edit, move, copy or document URLs, a copy
whose destination id is swapped for another unit's, an upload into another unit's collection,
another unit's image or document id in a page field, an inline panel (a directive's
attachments, a leader's photo) a StreamField block (image, document link) or a rich-text document link.

Each cell runs inside a savepoint rolled back afterwards, so every cell sees the same data.
"""

import io
import json
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from articles.models import ArticlePage, DirectivePage, SectionPage
from units.models import UnitPage

from .factories import ArticlePageFactory, SectionPageFactory, UnitPageFactory
from .test_directives import directive_form

pytestmark = pytest.mark.django_db


def png_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


@dataclass
class UnitFixture:
    unit: UnitPage
    section: SectionPage  # live; hosts the draft article
    draft_section: SectionPage  # never published
    draft_article: ArticlePage  # never published, in ``section``
    live_article: ArticlePage  # live, directly under the unit
    image_id: int
    document_id: int


def build_unit(unit):
    section = SectionPageFactory(parent=unit, title=f"Tin hoạt động {unit.pk}")
    draft_section = SectionPageFactory(parent=unit, title=f"Chuyên mục nháp {unit.pk}", live=False)
    draft_section.save_revision()
    draft_article = ArticlePageFactory(parent=section, title=f"Bài nháp {unit.pk}", live=False)
    draft_article.save_revision()
    live_article = ArticlePageFactory(parent=unit, title=f"Bài đã đăng {unit.pk}")
    live_article.save_revision().publish()
    collection = unit.access.collection
    image = get_image_model().objects.create(
        title=f"Ảnh {unit.pk}",
        collection=collection,
        file=SimpleUploadedFile(f"anh-{unit.pk}.png", png_bytes()),
    )
    document = get_document_model().objects.create(
        title=f"Tài liệu {unit.pk}",
        collection=collection,
        file=SimpleUploadedFile(f"tai-lieu-{unit.pk}.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    return UnitFixture(
        unit, section, draft_section, draft_article, live_article, image.pk, document.pk
    )


@pytest.fixture
def world(province):
    department = UnitPageFactory(parent=province, title="Ban Tổ chức Tỉnh ủy", issuer_code="BTCTU")
    district = UnitPageFactory(parent=province, title="Huyện ủy Gò Dầu")
    commune = UnitPageFactory(parent=district, title="Đảng ủy thị trấn Gò Dầu", issuer_code="ĐU")
    units = {
        "department": build_unit(department),
        "district": build_unit(district),
        "commune": build_unit(commune),
    }
    User = get_user_model()
    users = {}
    for name, fixture in units.items():
        for role in ("editor", "approver"):
            user = User.objects.create_user(f"{role}-{name}", f"{role}-{name}@example.invalid")
            access = UnitPage.objects.get(pk=fixture.unit.pk).access
            user.groups.add(access.editors if role == "editor" else access.approvers)
            users[(name, role)] = user
    users[("admin", "admin")] = User.objects.create_superuser("quantri", "qt@example.invalid")
    return units, users


# --- actions: each returns True when the request took effect ---------------------


def section_form(page, title):
    return {
        "title": title,
        "slug": page.slug,
        "intro": "",
        "seo_title": "",
        "search_description": "",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }


def unit_form(unit, leaders, introduction="<p>Giới thiệu.</p>"):
    return nested_form_data(
        {
            "title": unit.title,
            "slug": unit.slug,
            "short_name": unit.short_name,
            "kind": unit.kind_id or "",
            "issuer_code": unit.issuer_code,
            "introduction": rich_text(introduction),
            "address": "",
            "phone": "",
            "email": "",
            "leaders": inline_formset(leaders),
            "valid_from": "",
            "valid_until": "",
            "successor": "",
            "seo_title": "",
            "search_description": "",
            "comments": inline_formset([]),
        }
    )


def see_draft(client, own, target):
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[target.draft_section.pk]))
    return response.status_code == 200 and target.draft_section.title in response.text


def edit(client, own, target):
    page = target.draft_section
    client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), section_form(page, "Tiêu đề đã sửa")
    )
    return Page.objects.get(pk=page.pk).get_latest_revision().content["title"] == "Tiêu đề đã sửa"


def submit(client, own, target):
    page = target.draft_section
    data = section_form(page, page.title) | {"action-submit": "1"}
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    return WorkflowState.objects.filter(
        base_content_type__isnull=False, object_id=str(page.pk), status="in_progress"
    ).exists()


def publish(client, own, target):
    page = target.draft_section
    data = section_form(page, page.title) | {"action-publish": "1"}
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    return Page.objects.get(pk=page.pk).live


def unpublish(client, own, target):
    page = target.live_article
    client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    return not Page.objects.get(pk=page.pk).live


def delete_draft(client, own, target):
    page = target.draft_article
    client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    return not Page.objects.filter(pk=page.pk).exists()


def delete_live(client, own, target):
    page = target.live_article
    client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    return not Page.objects.filter(pk=page.pk).exists()


def move_into(client, own, target):
    """Forged when the target is another unit: moving one's own draft into it."""
    page = own.draft_article
    client.post(reverse("wagtailadmin_pages:move_confirm", args=[page.pk, target.unit.pk]))
    return Page.objects.get(pk=page.pk).get_parent().pk == target.unit.pk


def move_out(client, own, target):
    """Forged when the target is another unit: pulling its draft into one's own unit."""
    page = target.draft_article
    client.post(reverse("wagtailadmin_pages:move_confirm", args=[page.pk, own.unit.pk]))
    return Page.objects.get(pk=page.pk).get_parent().pk == own.unit.pk


def copy(client, own, target):
    page = target.live_article
    client.post(
        reverse("wagtailadmin_pages:copy", args=[page.pk]),
        {"new_title": "Bản sao", "new_slug": "ban-sao", "new_parent_page": target.unit.pk},
    )
    return Page.objects.child_of(target.unit).filter(slug="ban-sao").exists()


def copy_to_swapped_parent(client, own, target):
    """One's own page, with the copy form's destination id swapped for the target unit's."""
    page = own.live_article
    client.post(
        reverse("wagtailadmin_pages:copy", args=[page.pk]),
        {"new_title": "Bản sao", "new_slug": "ban-sao", "new_parent_page": target.unit.pk},
    )
    return Page.objects.child_of(target.unit).filter(slug="ban-sao").exists()


def upload_image(client, own, target):
    collection = target.unit.access.collection
    before = get_image_model().objects.filter(collection=collection).count()
    client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Ảnh tải lên",
            "collection": collection.pk,
            "file": SimpleUploadedFile("tai-len.png", png_bytes(), content_type="image/png"),
        },
    )
    return get_image_model().objects.filter(collection=collection).count() == before + 1


def choose_image(client, own, target):
    response = client.get(reverse("wagtailimages_chooser:chosen", args=[target.image_id]))
    return response.status_code == 200


def choose_document(client, own, target):
    response = client.get(reverse("wagtaildocs_chooser:chosen", args=[target.document_id]))
    return response.status_code == 200


def edit_document(client, own, target):
    document = get_document_model().objects.get(pk=target.document_id)
    client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": "Tên tài liệu đã sửa", "collection": document.collection_id, "tags": ""},
    )
    return get_document_model().objects.get(pk=document.pk).title == "Tên tài liệu đã sửa"


def article_form(page, **overrides):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "lead": page.lead,
            "main_image": "",
            "body": streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))]),
            "date": "26/11/2026 08:00",
            "author": "",
            "source": "",
            "source_url": "",
            "tags": "",
            "comments": inline_formset([]),
        }
        | overrides
    )


def saved_draft(page):
    return Page.objects.get(pk=page.pk).get_latest_revision().content


def attach_image_by_id(client, own, target):
    """Forged when the target is another unit: its image id typed into one's own article form."""
    page = own.draft_article
    data = article_form(page, main_image=target.image_id)
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    return saved_draft(page).get("main_image") == target.image_id


def body_block(page, block_type):
    """The first ``block_type`` block of the saved draft's body, or None."""
    body = saved_draft(page)["body"]
    body = json.loads(body) if isinstance(body, str) else body
    return next((block["value"] for block in body if block["type"] == block_type), None)


def attach_image_in_body(client, own, target):
    """Forged when the target is another unit: its image id in an image block of the body."""
    page = own.draft_article
    image = {"image": target.image_id, "caption": "Chú thích", "credit": ""}
    data = article_form(page, body=streamfield([("image", image)]))
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    return (body_block(page, "image") or {}).get("image") == target.image_id


def attach_document_in_body(client, own, target):
    """Forged when the target is another unit: its document id in a document-link block."""
    page = own.draft_article
    link = {"document": target.document_id, "title": ""}
    data = article_form(page, body=streamfield([("document", link)]))
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    return (body_block(page, "document") or {}).get("document") == target.document_id


def link_document_in_text(client, own, target):
    """Forged when the target is another unit: its document id in a rich-text link."""
    page = own.draft_article
    link = f'<p>Xem <a linktype="document" id="{target.document_id}">toàn văn</a>.</p>'
    data = article_form(page, body=streamfield([("paragraph", rich_text(link))]))
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    return f'id="{target.document_id}"' in (body_block(page, "paragraph") or "")


def attach_document_to_directive(client, own, target):
    """Forged when the target is another unit: its document id in a new directive's
    attachments (an inline panel)."""
    form = directive_form(
        slug="van-ban-dinh-kem",
        attachments=inline_formset([{"document": target.document_id, "label": "Toàn văn"}]),
    )
    client.post(
        reverse("wagtailadmin_pages:add", args=("articles", "directivepage", own.unit.pk)), form
    )
    directive = DirectivePage.objects.filter(slug="van-ban-dinh-kem").first()
    return directive is not None and [a.document_id for a in directive.attachments.all()] == [
        target.document_id
    ]


def attach_leader_photo(client, own, target):
    """Forged when the target is another unit: its image id as a leader's photo (an inline
    panel) on one's own unit page."""
    unit = own.unit
    leader = {"name": "Nguyễn Văn A", "position": "Bí thư", "photo": target.image_id}
    client.post(reverse("wagtailadmin_pages:edit", args=[unit.pk]), unit_form(unit, [leader]))
    revision = Page.objects.get(pk=unit.pk).get_latest_revision()
    leaders = revision.content.get("leaders", []) if revision else []
    return [row.get("photo") for row in leaders] == [target.image_id]


EVERYONE_INSIDE = [
    see_draft,
    edit,
    submit,
    delete_draft,
    move_into,
    move_out,
    copy,
    copy_to_swapped_parent,
    upload_image,
    choose_image,
    attach_image_by_id,
    attach_image_in_body,
    attach_leader_photo,
    choose_document,
    attach_document_in_body,
    link_document_in_text,
    attach_document_to_directive,
    edit_document,
]
APPROVERS_INSIDE = [publish, unpublish, delete_live]
ACTIONS = EVERYONE_INSIDE + APPROVERS_INSIDE

# Which unit's subtree holds which: the commune is inside the district.
SUBTREE = {
    "department": {"department"},
    "district": {"district", "commune"},
    "commune": {"commune"},
}


def expected(action, user_unit, role, target):
    if role == "admin":
        return True
    if target not in SUBTREE[user_unit]:
        return False
    return role == "approver" or action not in APPROVERS_INSIDE


@pytest.mark.parametrize("action", ACTIONS, ids=lambda action: action.__name__)
def test_permission_matrix(client, world, action):
    units, users = world
    wrong = []
    for (user_unit, role), user in users.items():
        client.force_login(user)
        own = units["department" if user_unit == "admin" else user_unit]
        for target_name, target in units.items():
            if action in (move_into, move_out) and own is target:
                continue  # a move within one's own unit: covered by the nested unit
            savepoint = transaction.savepoint()
            try:
                happened = action(client, own, target)
            finally:
                transaction.savepoint_rollback(savepoint)
            if happened != expected(action, user_unit, role, target_name):
                wrong.append(
                    f"{role} of {user_unit} on {target_name}: "
                    f"{'allowed' if happened else 'refused'}"
                )
    assert not wrong, f"{action.__name__}: " + "; ".join(wrong)
