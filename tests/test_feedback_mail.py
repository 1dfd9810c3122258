"""Mail to senders survives a mail server that is down: a real SMTP backend pointed at a
closed port while the citizen submits and the unit replies, then a real SMTP server
(aiosmtpd) comes up and ``send_feedback_mail`` delivers everything once."""

import email
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import override_settings

from feedback.models import FeedbackItem, OutgoingMail

from .stack import free_port
from .test_feedback import form_data, post
from .test_feedback_admin import act, rich


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (envelope.rcpt_tos, email.message_from_bytes(envelope.content, policy=default_policy))
        )
        return "250 OK"


def smtp(port):
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_TIMEOUT=5,
    )


@pytest.fixture
def smtp_server():
    port = free_port()
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    yield port, inbox, controller
    if getattr(controller, "_thread", None) is not None:
        controller.stop()


def test_mail_server_down_then_back(
    client, admin_client, district, category, smtp_server, django_capture_on_commit_callbacks
):
    port, inbox, controller = smtp_server
    # The server is not started yet: connections to its port are refused.
    with smtp(port):
        with django_capture_on_commit_callbacks(execute=True):
            response = post(client, form_data(district, category))
        assert response.status_code == 302
        item = FeedbackItem.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            reply = act(admin_client, item, "reply", reply=rich("<p>Đã chuyển xã xử lý.</p>"))
        assert reply.status_code == 302
    item.refresh_from_db()
    assert item.status == FeedbackItem.Status.ANSWERED  # saved despite the failed send
    mails = list(OutgoingMail.objects.order_by("pk"))
    assert [m.kind for m in mails] == ["received", "answered"]
    assert all(m.sent_at is None and m.attempts == 1 and m.last_error for m in mails)
    assert "Connection refused" in mails[0].last_error or "Errno" in mails[0].last_error

    # Still down: cron retries, nothing lost, nothing sent.
    with smtp(port):
        call_command("send_feedback_mail")
    assert OutgoingMail.objects.filter(sent_at__isnull=True, attempts=2).count() == 2

    controller.start()
    with smtp(port):
        call_command("send_feedback_mail")
        call_command("send_feedback_mail")  # a second run sends nothing again
    assert len(inbox.messages) == 2
    recipients = [rcpt for rcpt, _ in inbox.messages]
    assert recipients == [["thanh.nguyen@example.vn"], ["thanh.nguyen@example.vn"]]
    bodies = [message.get_content() for _, message in inbox.messages]
    assert item.tracking_code in bodies[0]
    assert "Đã chuyển xã xử lý." in bodies[1]
    assert "<p>" not in bodies[1]
    assert OutgoingMail.objects.filter(sent_at__isnull=True).count() == 0


def test_a_row_claimed_by_another_sender_is_not_sent_twice(
    district, category, client, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.core import mail
    from django.utils import timezone

    from feedback.mail import send_pending

    post(client, form_data(district, category))  # on_commit not run: the row waits
    row = OutgoingMail.objects.get()
    OutgoingMail.objects.filter(pk=row.pk).update(
        claimed_until=timezone.now() + timedelta(minutes=5)
    )
    assert send_pending() == (0, 0) and not mail.outbox
    OutgoingMail.objects.filter(pk=row.pk).update(
        claimed_until=timezone.now() - timedelta(minutes=1)
    )
    assert send_pending() == (1, 0) and len(mail.outbox) == 1
    assert send_pending() == (0, 0) and len(mail.outbox) == 1


@override_settings(FEEDBACK_MAIL_MAX_ATTEMPTS=2)
def test_retries_stop_after_the_limit_and_the_row_stays(district, category, client):
    port = free_port()
    post(client, form_data(district, category))
    with smtp(port):
        call_command("send_feedback_mail")
        call_command("send_feedback_mail")
        call_command("send_feedback_mail")
    row = OutgoingMail.objects.get()
    assert row.attempts == 2 and row.sent_at is None
