"""Send the feedback mails still waiting in the outbox (run every few minutes from cron)."""

from django.core.management.base import BaseCommand

from feedback.mail import send_pending


class Command(BaseCommand):
    help = "Send or retry the pending mails to feedback senders."

    def handle(self, *args, **options):
        sent, failed = send_pending()
        self.stdout.write(f"Feedback mail: {sent} sent, {failed} failed (kept for the next run).")
