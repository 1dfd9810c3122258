"""Existing data under the new document rules.

- the default authority rules (articles.authority) for the document types that exist, and
  the types whose documents lower committees implement (NQ, CT, KL, TT);
- documents of the centre moved from the Ban Chấp hành Trung ương to the body that issued
  them where that is known: 35-NQ/TW (22/10/2018) and 05-CT/TW (15/5/2016) are the Bộ
  Chính trị's; a document whose title or summary says "của Bộ Chính trị" / "của Ban Bí
  thư" is that body's. The others stay with the Ban Chấp hành Trung ương for an editor;
- the signing body of T/M documents of the centre (the issuing body);
- "Chưa có hiệu lực" for documents in force whose effective date is still to come.

The page rows and their revisions change together, so the next publication keeps it.
"""

import datetime

from django.db import migrations
from django.utils import timezone

from articles.authority import create_default_rules

IMPLEMENTED_TYPES = ("NQ", "CT", "KL", "TT")
KNOWN_CENTRAL = {
    ("35-NQ/TW", datetime.date(2018, 10, 22)): "politburo",
    ("05-CT/TW", datetime.date(2016, 5, 15)): "politburo",
}
NAMED_IN_TEXT = [("của Bộ Chính trị", "politburo"), ("của Ban Bí thư", "secretariat")]
CENTRAL_KINDS = ("central_committee", "politburo", "secretariat")


def _patch(apps, page, **values):
    DirectivePage = apps.get_model("articles", "DirectivePage")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    DirectivePage.objects.filter(pk=page.pk).update(**values)
    page_type = ContentType.objects.filter(app_label="wagtailcore", model="page").first()
    if page_type is None:
        return
    revisions = Revision.objects.filter(base_content_type=page_type, object_id=str(page.pk))
    for revision in revisions:
        if isinstance(revision.content, dict):
            for name, value in values.items():
                revision.content[name] = getattr(value, "pk", value)  # a key: its id
            revision.save(update_fields=["content"])


def forwards(apps, schema_editor):
    AuthorityRule = apps.get_model("articles", "AuthorityRule")
    DocumentType = apps.get_model("articles", "DocumentType")
    DirectivePage = apps.get_model("articles", "DirectivePage")
    Issuer = apps.get_model("units", "Issuer")
    create_default_rules(AuthorityRule, DocumentType)
    DocumentType.objects.filter(code__in=IMPLEMENTED_TYPES).update(needs_implementation=True)

    bodies = {
        issuer.kind: issuer
        for issuer in Issuer.objects.filter(
            code="TW", unit__isnull=True, kind__in=CENTRAL_KINDS
        ).order_by("-pk")
    }
    for page in DirectivePage.objects.filter(issuer__kind="central_committee"):
        kind = KNOWN_CENTRAL.get((page.number_symbol, page.issue_date))
        if kind is None:
            text = f"{page.title} {page.summary}"
            kind = next((k for phrase, k in NAMED_IN_TEXT if phrase in text), None)
        if kind in bodies and bodies[kind].pk != page.issuer_id:
            _patch(apps, page, issuer=bodies[kind])

    for page in DirectivePage.objects.filter(
        signing_authority="T/M", signing_body="", issuer__kind__in=CENTRAL_KINDS
    ).select_related("issuer"):
        _patch(apps, page, signing_body=page.issuer.name)

    today = timezone.localdate()
    for page in DirectivePage.objects.filter(status="in_force", effective_date__gt=today):
        _patch(apps, page, status="not_yet")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_document_rules"),
        ("units", "0004_issuer_kinds"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
