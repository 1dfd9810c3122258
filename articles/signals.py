"""Publishing a document that replaces others marks them "Đã được thay thế".

The replaced page's live row and its latest revision both take the status (so the next
publication of that page keeps it), its search entry is refreshed, and its history
(Lịch sử) records the change with the ``articles.replaced`` action naming the replacing
document and who published it.
"""

from django.dispatch import receiver
from wagtail.log_actions import log
from wagtail.search import index
from wagtail.signals import page_published

REPLACED_ACTION = "articles.replaced"
AUTHORITY_OVERRIDE_ACTION = "articles.authority_override"
LOG_ACTIONS = {
    REPLACED_ACTION: ("Đã được thay thế", "Tình trạng: đã được thay thế"),
    AUTHORITY_OVERRIDE_ACTION: (
        "Lưu ngoại lệ thẩm quyền ban hành",
        "Lưu văn bản trái thẩm quyền ban hành (có lý do)",
    ),
}


@receiver(page_published, dispatch_uid="articles-mark-replaced")
def mark_replaced(sender, instance, revision=None, **kwargs):
    from .models import DirectivePage

    if not isinstance(instance, DirectivePage):
        return
    replaced = DirectivePage.objects.filter(
        pk__in=DirectivePage.replaces.through.objects.filter(
            from_directivepage_id=instance.pk
        ).values("to_directivepage_id")
    ).exclude(status=DirectivePage.Status.REPLACED)
    user = getattr(revision, "user", None)
    for page in replaced.select_related("latest_revision"):
        previous = page.get_status_display()
        DirectivePage.objects.filter(pk=page.pk).update(status=DirectivePage.Status.REPLACED)
        latest = page.latest_revision
        if latest is not None and isinstance(latest.content, dict):
            latest.content["status"] = DirectivePage.Status.REPLACED
            latest.save(update_fields=["content"])
        page.status = DirectivePage.Status.REPLACED
        index.insert_or_update_object(page)
        log(
            page,
            REPLACED_ACTION,
            user=user,
            data={
                "by_id": instance.pk,
                "by": instance.number_symbol,
                "title": instance.title,
                "previous": str(previous),
            },
        )
