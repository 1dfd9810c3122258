"""Vietnamese folding for the search index: one mechanism for every backend.

Every text field of a page is indexed *folded* (``fold()``: đ→d, marks stripped),
and the search view folds the query the same way. So "dang bo", "Đảng bộ" and
"DANG BO" meet on the same tokens whether the backend is SQLite FTS5 (which
does not fold đ or stacked marks), PostgreSQL or Elasticsearch; no backend needs
its own accent handling and no view branches on the backend.
"""

import contextvars
from contextlib import contextmanager

from wagtail.search import index

from portal.vietnamese import folded_words


def fold_value(value):
    """Fold a search field's value (a string, or the lists/dicts StreamFields give) into
    its words: the index holds words only, as the query does (search.query)."""
    if value is None:
        return None
    if isinstance(value, str):
        return " ".join(folded_words(value))
    if isinstance(value, (list, tuple)):
        return [fold_value(item) for item in value]
    if isinstance(value, dict):
        return {key: fold_value(item) for key, item in value.items()}
    # Tags and other objects index as their text.
    return " ".join(folded_words(str(value)))


_values = contextvars.ContextVar("search_field_values", default=None)


@contextmanager
def one_pass():
    """Inside this block each folded field of an object is read (and folded) once.

    Wagtail's database indexers read every search field again for the title, the body,
    the autocomplete text and, on PostgreSQL, two plain-text copies; a StreamField body
    is walked and folded five times. The values are kept for the block only (an object
    saved again later is read again)."""
    if _values.get() is not None:
        yield
        return
    token = _values.set({})
    try:
        yield
    finally:
        _values.reset(token)


def _once(field, obj, read):
    values = _values.get()
    if values is None:
        return read()
    # By kind and name: get_search_fields() builds new field objects on every call.
    key = (type(field), field.field_name, id(obj))
    if key not in values:
        values[key] = (obj, read())  # obj kept: its id stays its own for the block
    return values[key][1]


class FoldedSearchField(index.SearchField):
    def get_value(self, obj):
        return _once(self, obj, lambda: fold_value(super(FoldedSearchField, self).get_value(obj)))


class FoldedAutocompleteField(index.AutocompleteField):
    def get_value(self, obj):
        return _once(
            self, obj, lambda: fold_value(super(FoldedAutocompleteField, self).get_value(obj))
        )


def folded(fields):
    """The same search fields, with every SearchField/AutocompleteField folded.

    Wagtail keys search fields by (class, name): the plain ones must be replaced, not
    kept beside the folded ones, or the unfolded text would be indexed too.
    """
    result = []
    for field in fields:
        if type(field) is index.SearchField:
            field = FoldedSearchField(field.field_name, boost=field.boost, **field.kwargs)
        elif type(field) is index.AutocompleteField:
            field = FoldedAutocompleteField(field.field_name, **field.kwargs)
        elif isinstance(field, index.RelatedFields):
            field = index.RelatedFields(field.field_name, folded(field.fields))
        result.append(field)
    return result
