"""The signing line of a Party document, in the form of Hướng dẫn 36-HD/VPTW (2018).

The signature block reads, line by line: the signing authority with the body or person on
whose behalf one signs ("T/M BAN THƯỜNG VỤ", "K/T BÍ THƯ", "T/L BAN THƯỜNG VỤ"), the
signer's title, then the name. On one line the portal joins them with dashes:
"T/M Ban Thường vụ – Phó Bí thư – Nguyễn Văn A". Every output (the document page, the
API, the search JSON, the demo PDFs) builds it here.
"""

SEPARATOR = " – "


def signing_line(authority="", body="", title="", name="", fallback_body=""):
    """``("T/M", "Bộ Chính trị", "Tổng Bí thư", "Nguyễn Phú Trọng")`` →
    "T/M Bộ Chính trị – Tổng Bí thư – Nguyễn Phú Trọng".

    ``body`` is the collective (T/M, T/L, TUQ: "Ban Thường vụ", "Bộ Chính trị") or, for
    K/T, the head one signs for ("Bí thư", "Trưởng Ban"). A T/M, T/L or TUQ line without
    one names ``fallback_body`` (the issuer); a K/T line without one names no one rather
    than a wrong person. Empty parts are left out; no authority: "title – name".
    """
    authority, body, title, name = (
        " ".join(str(part or "").split()) for part in (authority, body, title, name)
    )
    if authority and not body and authority != "K/T":
        body = " ".join(str(fallback_body or "").split())
    head = f"{authority} {body}".strip() if authority else ""
    return SEPARATOR.join(part for part in (head, title, name) if part)


def signature_block(authority="", body="", title="", name="", fallback_body=""):
    """The same parts as the printed signature block: one per line, in capitals except the
    name (36-HD/VPTW sets the name in bold, not in capitals)."""
    head = signing_line(authority, body, "", "", fallback_body).upper()
    lines = [part for part in (head, " ".join(str(title or "").split()).upper()) if part]
    return "\n".join([*lines, "", " ".join(str(name or "").split())]).strip()
