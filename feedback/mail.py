"""Mail to senders through an outbox: a row is written with the change it reports (same
transaction), sent after commit, and retried by ``manage.py send_feedback_mail`` (cron)
until it goes. A mail server that is down never loses, blocks or rolls back an item."""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from portal.links import absolute_url

from .models import OutgoingMail

logger = logging.getLogger(__name__)

CLAIM_SECONDS = 300
SUBJECTS = {
    OutgoingMail.Kind.RECEIVED: "Đã nhận góp ý của bạn – mã tra cứu {code}",
    OutgoingMail.Kind.ANSWERED: "Góp ý mã {code} đã có trả lời",
}


def queue(item, kind):
    """Write the message now (inside the caller's transaction), send it after commit."""
    if not item.email:
        return None
    mail = OutgoingMail.objects.create(
        item=item,
        kind=kind,
        to_address=item.email,
        # The sender's own subject stays out of the header: no header tricks, no leaks.
        subject=SUBJECTS[kind].format(code=item.tracking_code),
        body=render_to_string(
            f"components/feedback/mail_{kind}.txt",
            {
                "item": item,
                "site_name": settings.WAGTAIL_SITE_NAME,
                "status_url": absolute_url(reverse("feedback-status")),
            },
        ),
    )
    transaction.on_commit(lambda: send_pending(ids=[mail.pk]))
    return mail


def _claim(mail_id, now):
    """Take the row for this sender; False when another sender holds it or it went."""
    return bool(
        OutgoingMail.objects.filter(pk=mail_id, sent_at__isnull=True)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + datetime.timedelta(seconds=CLAIM_SECONDS))
    )


def send_pending(ids=None, limit=500):
    """Send unsent mails (these ``ids``, or every pending one); returns (sent, failed)."""
    pending = OutgoingMail.objects.filter(
        sent_at__isnull=True, attempts__lt=settings.FEEDBACK_MAIL_MAX_ATTEMPTS
    )
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    sent = failed = 0
    for mail_id in list(pending.order_by("created_at", "pk").values_list("pk", flat=True)[:limit]):
        now = timezone.now()
        if not _claim(mail_id, now):
            continue
        mail = OutgoingMail.objects.get(pk=mail_id)
        try:
            EmailMessage(
                subject=mail.subject,
                body=mail.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[mail.to_address],
            ).send()
        except Exception as error:  # any transport failure: keep the row, retry later
            logger.warning("Feedback mail %s not sent: %s", mail.pk, error)
            OutgoingMail.objects.filter(pk=mail.pk).update(
                attempts=mail.attempts + 1,
                last_attempt_at=now,
                last_error=f"{type(error).__name__}: {error}"[:2000],
                claimed_until=None,
            )
            failed += 1
        else:
            OutgoingMail.objects.filter(pk=mail.pk).update(
                sent_at=timezone.now(),
                attempts=mail.attempts + 1,
                last_attempt_at=now,
                last_error="",
                claimed_until=None,
            )
            sent += 1
    return sent, failed
