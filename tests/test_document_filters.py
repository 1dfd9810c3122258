"""The document filters, one rule (articles.models.filter_documents) for the register page,
the search page and the API: the same documents for the same type, issuer (a joint
document counts for each of its issuers), year, status and field."""

import datetime
import json
import re

import pytest
from django.urls import reverse

from articles.models import DirectiveCoIssuer, DirectivePage, DocumentField
from register.models import DocumentRegisterPage

from .factories import DirectivePageFactory, DocumentTypeFactory, IssuerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(home, province):
    register = home.add_child(
        instance=DocumentRegisterPage(title="Tra cứu văn bản", slug="tra-cuu-van-ban")
    )
    party = IssuerFactory(code="TU", name="Tỉnh ủy Tây Ninh")
    mass = IssuerFactory(code="BDVTU", name="Ban Dân vận Tỉnh ủy")
    plan = DocumentTypeFactory(code="KH", name="Kế hoạch")
    resolution = DocumentTypeFactory(code="NQ", name="Nghị quyết")
    field = DocumentField.objects.create(name="Dân vận")
    joint = DirectivePageFactory(
        parent=province,
        number=5,
        title="Kế hoạch liên tịch về công tác dân vận",
        document_type=plan,
        issuer=party,
        issue_date=datetime.date(2018, 3, 1),
        field=field,
    )
    DirectiveCoIssuer.objects.create(page=joint, issuer=mass)
    joint.save()
    own = DirectivePageFactory(
        parent=province,
        number=7,
        title="Kế hoạch của Ban Dân vận về công tác dân vận",
        document_type=plan,
        issuer=mass,
        issue_date=datetime.date(2020, 6, 1),
        status=DirectivePage.Status.EXPIRED,
    )
    other = DirectivePageFactory(
        parent=province,
        number=12,
        title="Nghị quyết về công tác dân vận",
        document_type=resolution,
        issuer=party,
        issue_date=datetime.date(2018, 9, 1),
    )
    return {
        "register": register,
        "pages": {"joint": joint, "own": own, "other": other},
        "party": party,
        "mass": mass,
        "plan": plan,
        "field": field,
    }


def register_ids(client, documents, **params):
    response = client.get(documents["register"].url, params)
    assert response.status_code == 200
    html = response.content.decode()
    return {page.pk for page in documents["pages"].values() if re.search(re.escape(page.url), html)}


def search_ids(client, documents, **params):
    response = client.get(
        reverse("search"), {"q": "dân vận", "loai": "van-ban", "format": "json", **params}
    )
    assert response.status_code == 200
    urls = {result["url"] for result in json.loads(response.content)["results"]}
    return {page.pk for page in documents["pages"].values() if page.url in urls}


def api_ids(client, **params):
    response = client.get(
        "/api/v2/pages/", {"type": "articles.DirectivePage", "limit": 50, **params}
    )
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


CASES = [  # (filters by name, the documents they keep)
    ({"issuer": "mass"}, {"joint", "own"}),  # the joint document counts for its co-issuer
    ({"issuer": "party"}, {"joint", "other"}),
    ({"issuer": "mass", "year": 2018}, {"joint"}),
    ({"document_type": "plan", "status": "expired"}, {"own"}),
    ({"year": 2018}, {"joint", "other"}),
    ({"field": "field"}, {"joint"}),
]


@pytest.mark.parametrize(("filters", "expected"), CASES)
def test_the_register_search_and_api_keep_the_same_documents(client, documents, filters, expected):
    def value(name, key):
        if name in ("issuer", "document_type", "field"):
            return documents[key]
        return key

    rows = {name: value(name, key) for name, key in filters.items()}
    wanted = {documents["pages"][name].pk for name in expected}
    register = {
        name: row.pk if hasattr(row, "pk") else row
        for name, row in rows.items()
        if name in ("document_type", "issuer", "year", "status", "field")
    }
    assert register_ids(client, documents, **register) == wanted
    api = {name: row.pk if hasattr(row, "pk") else row for name, row in rows.items()}
    assert api_ids(client, **api) == wanted
    if "field" not in rows:  # the search page has no field filter
        search = {
            "loai_van_ban": rows["document_type"].code if "document_type" in rows else None,
            "co_quan": rows["issuer"].pk if "issuer" in rows else None,
            "nam": rows.get("year"),
            "tinh_trang": rows.get("status"),
        }
        found = search_ids(client, documents, **{k: v for k, v in search.items() if v})
        assert found == wanted


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "1800"}, "year là năm ban hành"),
        ({"year": "99999999999999999999"}, "year là năm ban hành"),
        ({"status": "vo-hieu"}, "status chỉ nhận"),
        ({"issuer": "abc"}, "số nguyên dương"),
    ],
)
def test_bad_document_filters_in_the_api_answer_400_in_vietnamese(
    client, documents, params, message
):
    response = client.get("/api/v2/pages/", {"type": "articles.DirectivePage", **params})
    assert response.status_code == 400
    assert message in response.json()["message"]
    other = client.get("/api/v2/pages/", {"type": "articles.ArticlePage", "year": "2018"})
    assert other.status_code == 400
    assert "chỉ dùng cùng type=articles.DirectivePage" in other.json()["message"]
