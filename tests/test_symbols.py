"""Number-and-symbol building and validation, including hostile input."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from articles.symbols import NumberSymbol, format_number_symbol, parse_number_symbol


@pytest.mark.parametrize(
    ("number", "type_code", "issuers", "expected"),
    [
        (35, "NQ", ["TW"], "35-NQ/TW"),
        (5, "CT", ["TW"], "05-CT/TW"),
        (138, "KH", ["TU"], "138-KH/TU"),
        (5, "QC", ["BTCTU", "BDVTU"], "05-QC/BTCTU-BDVTU"),
        (1, "QĐi", ["ĐU"], "01-QĐi/ĐU"),
    ],
)
def test_format(number, type_code, issuers, expected):
    assert format_number_symbol(number, type_code, issuers) == expected


@pytest.mark.parametrize("number", [0, -1, 100000])
def test_format_refuses_numbers_out_of_range(number):
    with pytest.raises(ValidationError):
        format_number_symbol(number, "NQ", ["TW"])


def test_format_needs_an_issuer():
    with pytest.raises(ValidationError, match="ít nhất một cơ quan"):
        format_number_symbol(3, "NQ", [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("35-NQ/TW", NumberSymbol(35, "NQ", ("TW",))),
        ("5-CT/TW", NumberSymbol(5, "CT", ("TW",))),
        (" 05-QC/BTCTU-BDVTU ", NumberSymbol(5, "QC", ("BTCTU", "BDVTU"))),
        ("01-QĐi/ĐU", NumberSymbol(1, "QĐi", ("ĐU",))),
    ],
)
def test_parse(text, expected):
    assert parse_number_symbol(text) == expected
    assert str(parse_number_symbol(text)) == str(expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "trống"),
        ("   ", "trống"),
        ("3" * 1000, "quá dài"),
        ("35-NQ/TW" * 200, "quá dài"),
        ("35_NQ/TW", "không đúng dạng"),
        ("35-NQ\\TW", "không đúng dạng"),
        ("35 NQ TW", "không đúng dạng"),
        ("35–NQ/TW", "không đúng dạng"),  # en dash
        ("35-NQ/ТW", "không đúng dạng"),  # Cyrillic Т
        ("35-ΝQ/TW", "không đúng dạng"),  # Greek Ν
        ("３５-NQ/TW", "không đúng dạng"),  # full-width digits
        ("35-ＮＱ/TW", "không đúng dạng"),  # full-width letters
        ("35-NQ/TW/", "không đúng dạng"),
        ("35-NQ/", "không đúng dạng"),
        ("-NQ/TW", "không đúng dạng"),
        ("0-NQ/TW", "từ 1"),
        ("35-nq/TW", "không đúng dạng"),
        ("35-NQ/TW<script>", "không đúng dạng"),
        ("35-NQ/TW\x00", "không đúng dạng"),
    ],
)
def test_parse_refuses_hostile_input_with_a_clear_message(text, message):
    with pytest.raises(ValidationError) as error:
        parse_number_symbol(text)
    assert message in error.value.messages[0]


@given(st.text(max_size=300))
def test_parse_never_crashes(text):
    try:
        result = parse_number_symbol(text)
    except ValidationError as error:
        assert error.messages and error.messages[0]
    else:
        # Whatever is accepted is canonical-able and round-trips.
        assert parse_number_symbol(str(result)) == result


@given(
    st.integers(min_value=1, max_value=99999),
    st.sampled_from(["NQ", "CT", "KL", "QĐi", "CTr", "ĐA"]),
    st.lists(st.sampled_from(["TW", "TU", "HU", "BTCTU", "ĐUK", "ThU"]), min_size=1, max_size=3),
)
def test_format_then_parse_round_trips(number, type_code, issuers):
    text = format_number_symbol(number, type_code, issuers)
    assert parse_number_symbol(text) == NumberSymbol(number, type_code, tuple(issuers))
