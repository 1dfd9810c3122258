"""Publishing asks for a narration; unpublishing, restricting and deleting remove it."""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from .models import Narration


def _published(sender, instance, **kwargs):
    from . import service

    if settings.NARRATION_ON_PUBLISH:
        service.request(instance)


def _unpublished(sender, instance, **kwargs):
    from . import service

    service.remove(instance)


def _restricted(sender, instance, **kwargs):
    # Audio files are public media: none may stay for a page under a view restriction.
    pages = Page.objects.descendant_of(instance.page, inclusive=True)
    for narration in Narration.objects.filter(page__in=pages):
        narration.delete()


def _file_deleted(sender, instance, **kwargs):
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))


def connect():
    from articles.models import ArticlePage

    page_published.connect(_published, sender=ArticlePage, dispatch_uid="narration-published")
    page_unpublished.connect(_unpublished, sender=ArticlePage, dispatch_uid="narration-unpublished")
    post_save.connect(_restricted, sender=PageViewRestriction, dispatch_uid="narration-restricted")
    post_delete.connect(_file_deleted, sender=Narration, dispatch_uid="narration-file-deleted")
