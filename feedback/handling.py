"""Everything that changes an item, each in one transaction, each in Wagtail's audit log
(who and when), each mail through the outbox."""

from django.db import transaction
from django.utils import timezone
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import log
from wagtail.models import Page

from .mail import queue
from .models import (
    FeedbackItem,
    OutgoingMail,
    QAIndexPage,
    QuestionPage,
    add_working_days,
    new_tracking_code,
)

Status = FeedbackItem.Status


class PublicationError(Exception):
    """Why a reply cannot be published, in Vietnamese."""


def receive(data, *, unit, category, consultation=None, attachment_type=""):
    """Store one submission: the item, its attachment, its log entry and its mail, or
    nothing at all (one transaction; a written file is removed if the database fails)."""
    item = FeedbackItem(
        name=data["name"],
        email=data.get("email", ""),
        phone=data.get("phone", ""),
        address=data.get("address", ""),
        unit=unit,
        category=category,
        consultation=consultation,
        subject=data["subject"],
        message=data["message"],
        consent_publish=bool(data.get("consent_publish")),
        received_at=timezone.now(),
        due_date=add_working_days(timezone.localdate(), category.response_days),
    )
    upload = data.get("attachment")
    try:
        with transaction.atomic():
            while True:
                code = new_tracking_code()
                if not FeedbackItem.objects.filter(tracking_code=code).exists():
                    break
            item.tracking_code = code
            if upload:
                item.attachment_type = attachment_type
                item.attachment_name = upload.name[-255:]
                item.attachment.save("upload", upload, save=False)
            item.save()
            log(item, "feedback.received")
            queue(item, OutgoingMail.Kind.RECEIVED)
    except Exception:
        if item.attachment and item.attachment.name:
            item.attachment.storage.delete(item.attachment.name)
        raise
    return item


def _change(item, user, action, data=None, **fields):
    for name, value in fields.items():
        setattr(item, name, value)
    item.save(update_fields=list(fields))
    log(item, action, user=user, data=data or {})


@transaction.atomic
def assign(item, user, assignee):
    fields = {"assigned_to": assignee}
    if item.status == Status.NEW:
        fields["status"] = Status.IN_PROGRESS
    _change(
        item,
        user,
        "feedback.assign",
        {"assignee": assignee.get_full_name() or assignee.get_username()},
        **fields,
    )


@transaction.atomic
def forward(item, user, unit, note):
    previous = item.unit.title if item.unit_id else "Chưa rõ đơn vị"
    _change(
        item,
        user,
        "feedback.forward",
        {"from": previous, "to": unit.title, "note": note},
        unit=unit,
        assigned_to=None,
        status=Status.IN_PROGRESS if item.is_open else item.status,
    )


@transaction.atomic
def reply(item, user, text):
    first = not item.reply
    _change(
        item,
        user,
        "feedback.reply" if first else "feedback.reply_edit",
        status=Status.ANSWERED,
        reply=text,
        replied_at=timezone.now(),
        replied_by=user,
        closed_at=None,
    )
    queue(item, OutgoingMail.Kind.ANSWERED)


@transaction.atomic
def approve_publication(item, user, title, question):
    """Publish the question and reply as a QuestionPage: only what the approver read."""
    if not item.can_be_published:
        raise PublicationError(
            "Chỉ công bố được câu hỏi đã trả lời, có nội dung trả lời và được người gửi "
            "đồng ý công bố."
        )
    index = QAIndexPage.objects.live().first()
    if index is None:
        raise PublicationError("Chưa có trang Hỏi đáp để đăng câu hỏi.")
    page = item.public_page and QuestionPage.objects.filter(pk=item.public_page_id).first()
    fields = {
        "title": title,
        "question": question,
        "reply": item.reply,
        "unit": item.unit,
        "category": item.category,
        "asked_on": timezone.localtime(item.received_at).date(),
        "answered_on": timezone.localtime(item.replied_at or timezone.now()).date(),
    }
    if page is None:
        page = QuestionPage(**fields)
        index.add_child(instance=page)
    else:
        for name, value in fields.items():
            setattr(page, name, value)
    # The approval is the authorisation: approvers need no page permission on Hỏi đáp.
    page.save_revision(user=user, log_action=False).publish(user=user, skip_permission_checks=True)
    _change(
        item,
        user,
        "feedback.approve",
        {"page": page.pk},
        publication_approved_at=timezone.now(),
        publication_approved_by=user,
        public_page=page,
    )
    return page


@transaction.atomic
def withdraw_publication(item, user):
    page = Page.objects.filter(pk=item.public_page_id).first()
    if page is not None and page.live:
        UnpublishPageAction(page.specific, user=user).execute(skip_permission_checks=True)
    _change(item, user, "feedback.withdraw", publication_approved_at=None)


@transaction.atomic
def mark(item, user, status, duplicate_of=None, note=""):
    fields = {"status": status, "closed_at": timezone.now()}
    data = {"note": note}
    if status == Status.DUPLICATE:
        fields["duplicate_of"] = duplicate_of
        data["original"] = duplicate_of.tracking_code
    action = {
        Status.SPAM: "feedback.spam",
        Status.DUPLICATE: "feedback.duplicate",
        Status.CLOSED: "feedback.close",
    }[status]
    _change(item, user, action, data, **fields)
    if status != Status.CLOSED and item.public_page_id:
        withdraw_publication(item, user)


@transaction.atomic
def reopen(item, user):
    _change(item, user, "feedback.reopen", status=Status.IN_PROGRESS, closed_at=None)
