"""Who may issue which type of document (Quy định 66-QĐ/TW, 2017): the rule as data.

Each ``AuthorityRule`` row says that issuers of one kind (units.IssuerKind) do not issue
one document type, and on what basis. ``DEFAULT_RESTRICTIONS`` are the rows the data
migration and the demo create; administrators edit them in the admin (Danh mục văn bản →
Thẩm quyền ban hành). Kinds and types without a row are not checked.
"""

from django.utils.translation import gettext as _

BASIS_STAFF = "Quy định 66-QĐ/TW, mục II: các ban, cơ quan tham mưu, giúp việc cấp ủy"
BASIS_COMMITTEE = "Quy định 66-QĐ/TW, mục II: Ban Chấp hành (Điều 7 khoản 2 ở cấp tỉnh)"

# (issuer kind, document type code, basis)
DEFAULT_RESTRICTIONS = [
    # A staff Ban advises the committee: the committee's own types are not its to issue.
    ("staff", "NQ", BASIS_STAFF),
    ("staff", "CT", BASIS_STAFF),
    ("staff", "KL", BASIS_STAFF),
    ("staff", "TT", BASIS_STAFF),
    # The Ban Chấp hành Trung ương issues no Chỉ thị, Thông tri or Hướng dẫn: those are the
    # Bộ Chính trị's and the Ban Bí thư's (at the province, the Ban Thường vụ's).
    ("central_committee", "CT", BASIS_COMMITTEE),
    ("central_committee", "TT", BASIS_COMMITTEE),
    ("central_committee", "HD", BASIS_COMMITTEE),
]


def create_default_rules(AuthorityRule, DocumentType):
    """The default rows for the document types that exist (also used by the migration with
    its historical models); existing rows are kept as an administrator left them."""
    types = {t.code: t for t in DocumentType.objects.all()}
    for kind, code, basis in DEFAULT_RESTRICTIONS:
        if code in types:
            AuthorityRule.objects.get_or_create(
                issuer_kind=kind, document_type=types[code], defaults={"basis": basis}
            )


def refusals(issuers, document_type):
    """The rules that refuse ``document_type`` from any of ``issuers``, as
    ``[(issuer, rule)]`` (one query)."""
    issuers = [issuer for issuer in issuers if issuer is not None and issuer.kind]
    if document_type is None or not issuers:
        return []
    rules = {
        rule.issuer_kind: rule
        for rule in document_type.authority_rules.filter(
            issuer_kind__in={issuer.kind for issuer in issuers}
        )
    }
    return [(issuer, rules[issuer.kind]) for issuer in issuers if issuer.kind in rules]


def refusal_message(issuer, rule, document_type):
    return _("%(issuer)s (%(kind)s) không có thẩm quyền ban hành %(type)s — theo %(basis)s.") % {
        "issuer": issuer.name,
        "kind": issuer.get_kind_display(),
        "type": document_type.name,
        "basis": rule.basis,
    }
