"""Ids and counts read from URLs, query strings and forms: one rule for every caller.

A valid id is a plain run of ASCII digits (no sign, no Unicode digits such as "٣") whose
value fits the database's integer (PostgreSQL bigint, SQLite integer: at most 2**63 - 1).
Anything else is refused before it reaches a query: SQLite cannot even compare a larger
number, and PostgreSQL answers "out of range", both a 500 if let through.
"""

from django import forms
from django.db.models import Model

MAX_ID = 2**63 - 1
MAX_DIGITS = len(str(MAX_ID))  # 19


def parse_id(value, *, minimum=1):
    """``value`` as an int if it is a valid id (``minimum`` or more), else None."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    if not (text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS):
        return None
    number = int(text)
    return number if minimum <= number <= MAX_ID else None


def parse_count(value):
    """An offset or a limit: like an id, zero included."""
    return parse_id(value, minimum=0)


class IdChoiceField(forms.ModelChoiceField):
    """A row chosen by its id (``parse_id``); anything else is an invalid choice."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not isinstance(value, Model) and parse_id(value) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)
