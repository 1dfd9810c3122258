"""Day-first input for Vietnamese: the admin shows dates as 26/11/2026 (WAGTAIL_DATE_FORMAT),
and Django's "vi" locale sets no input formats, so it would read them month first."""

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
