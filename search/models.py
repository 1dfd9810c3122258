"""Exact-match keys: each page's title (and a unit's short name) folded to its words.

The search service (search.service) looks the reader's folded query up here with one
indexed equality lookup, so a unit's name or a page's full title typed with or without
diacritics, in any case ("ban to chuc tinh uy", "BAN TUYEN GIAO") is found before the
pages that only mention its words. Kept in step by search.keys (page saves, bulk loads).
"""

from django.db import models


class TitleKey(models.Model):
    class Kind(models.IntegerChoices):
        UNIT = 0, "unit name"
        TITLE = 2, "title"

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    kind = models.PositiveSmallIntegerField(choices=Kind.choices)
    key = models.CharField(max_length=255, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "kind", "key"], name="search_titlekey_unique")
        ]

    def __str__(self):
        return self.key
