"""One rule for ids and counts read from URLs and query strings (portal.ids): every form,
view and API parameter takes a plain run of ASCII digits within the database's range, and
anything else is a 400 (or a dropped filter) with a Vietnamese message, never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.ids import MAX_ID, parse_count, parse_id

pytestmark = pytest.mark.django_db
PAGES = "/api/v2/pages/"
HUGE = "99999999999999999999"


def test_parse_id_takes_plain_digits_in_the_database_range():
    assert parse_id("42") == 42
    assert parse_id(" 42 ") == 42
    assert parse_id(str(MAX_ID)) == MAX_ID
    for bad in ("", "0", "-1", "+1", "1.0", "1e3", "٤٢", "²", HUGE, str(MAX_ID + 1), None, "4 2"):
        assert parse_id(bad) is None, bad
    assert parse_count("0") == 0 and parse_count(HUGE) is None and parse_count("-0") is None


# Every numeric parameter of the pages endpoint (Wagtail's, the portal's, and field filters
# on integer and foreign-key fields of the document type).
NUMERIC = ["offset", "limit", "id", "child_of", "descendant_of", "unit", "topic"]
DOCUMENT_NUMERIC = ["number", "document_type", "issuer", "term", "field"]


def assert_refused_in_vietnamese(response, case):
    assert response.status_code == 400, (case, response.content[:300])
    message = response.json()["message"]
    assert " must " not in message and "integer" not in message, (case, message)


@pytest.mark.parametrize("name", NUMERIC)
def test_a_huge_number_in_any_numeric_parameter_is_a_400_in_vietnamese(client, home, name):
    assert_refused_in_vietnamese(client.get(PAGES, {name: HUGE}), name)


@pytest.mark.parametrize("name", DOCUMENT_NUMERIC)
def test_a_huge_number_in_a_document_field_filter_is_a_400(client, home, name):
    response = client.get(PAGES, {"type": "articles.DirectivePage", name: HUGE})
    assert_refused_in_vietnamese(response, name)


@pytest.mark.parametrize("endpoint", ["/api/v2/images/", "/api/v2/documents/"])
def test_images_and_documents_refuse_huge_numbers_too(client, home, endpoint):
    for name in ("offset", "limit", "id"):
        assert_refused_in_vietnamese(client.get(endpoint, {name: HUGE}), (endpoint, name))


def test_a_huge_id_in_the_detail_path_is_not_found(client, home):
    for endpoint in ("pages", "images", "documents"):
        assert client.get(f"/api/v2/{endpoint}/{HUGE}/").status_code == 404


def test_the_offset_of_the_attack_report(client, home):
    response = client.get(f"{PAGES}?offset={HUGE}")
    assert response.status_code == 400
    assert response.json()["message"] == "offset phải là số nguyên không âm, tối đa 19 chữ số."


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(NUMERIC + DOCUMENT_NUMERIC),
    value=st.one_of(
        st.integers(min_value=-(2**80), max_value=2**80).map(str),
        st.from_regex(r"\A[0-9]{15,30}\Z"),
        st.text(max_size=25),
    ),
)
def test_numeric_parameters_answer_200_or_a_vietnamese_400(client, directive, name, value):
    params = {name: value}
    if name in DOCUMENT_NUMERIC:
        params["type"] = "articles.DirectivePage"
    response = client.get(PAGES, params)
    assert response.status_code in (200, 400), (params, response.content[:300])
    if response.status_code == 400:
        assert_refused_in_vietnamese(response, params)


@pytest.mark.parametrize("value", [HUGE, str(MAX_ID + 1), "-5", "٣"])
def test_search_and_register_drop_a_bad_id_and_still_answer(client, directive, value):
    response = client.get("/search/", {"q": "nghị quyết", "don_vi": value, "co_quan": value})
    assert response.status_code == 200
    assert "Đơn vị" in response.context["ignored"]


@pytest.mark.parametrize("value", [HUGE, "0", "-1", "abc", "٣"])
def test_the_visit_counter_refuses_a_bad_page_id(client, home, value):
    response = client.post("/counter/", {"page": value})
    assert response.status_code == 400
    assert response.json() == {"error": "Mã trang không hợp lệ."}
