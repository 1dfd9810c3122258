"""Serializers the models' ``api_fields`` use (Wagtail API v2, served by the ``api`` app).

Related pages are shown only when a reader could see them: a draft or private successor,
topic or related document is left out, never named.
"""

from rest_framework import serializers

from portal.links import absolute_url


def _visible_ids(context, pages):
    """Ids among ``pages`` that the API's base queryset (live, public, allowed) holds."""
    base = context.get("base_queryset")
    if base is None:
        return set()
    return set(base.filter(pk__in=[page.pk for page in pages]).values_list("pk", flat=True))


def _page_ref(page):
    return {"id": page.pk, "title": page.title, "type": page.specific_class._meta.label}


class PublicPageField(serializers.Field):
    """A page foreign key: ``{id, title, type}`` when public, else null."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return getattr(instance, self.source, None)

    def to_representation(self, page):
        if page is None or page.pk not in _visible_ids(self.context, [page]):
            return None
        return _page_ref(page)


class PublicPagesField(PublicPageField):
    """A many-to-many of pages: the public ones, as ``[{id, title, type}]``."""

    def get_attribute(self, instance):
        pages = list(getattr(instance, self.source).all())
        if self.source in getattr(instance, "_prefetched_objects_cache", {}):
            return pages, None  # prefetched through visible() by the API (api.views)
        return pages, _visible_ids(self.context, pages)

    def to_representation(self, value):
        pages, visible = value
        return [_page_ref(page) for page in pages if visible is None or page.pk in visible]


class TagNamesField(serializers.Field):
    """A taggable page's tag names, sorted, read from its ``tagged_items`` (prefetched for a
    whole page of results by the API, where ``tags.all()`` would query once per page)."""

    def __init__(self, **kwargs):
        super().__init__(source="tagged_items", read_only=True, **kwargs)

    def to_representation(self, tagged_items):
        return sorted(item.tag.name for item in tagged_items.all())


class NamedSerializer(serializers.Serializer):
    """A catalogue row (unit kind, document type, issuer, term, field): id and name."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class CodedSerializer(NamedSerializer):
    code = serializers.CharField(read_only=True)


class TermSerializer(NamedSerializer):
    start_date = serializers.DateField(read_only=True)
    end_date = serializers.DateField(read_only=True)


class AttachmentSerializer(serializers.Serializer):
    """A document page's file: label, title and download URL (Wagtail's serve view)."""

    label = serializers.CharField(read_only=True)
    title = serializers.CharField(source="document.title", read_only=True)
    file_extension = serializers.CharField(source="document.file_extension", read_only=True)
    url = serializers.SerializerMethodField()

    def get_url(self, attachment):
        return absolute_url(attachment.document.url)


class IssuersField(serializers.Field):
    """Lead issuer first, then the co-issuers, as ``[{id, code, name}]``."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        kwargs["source"] = "*"
        super().__init__(**kwargs)

    def to_representation(self, page):
        issuers = [page.issuer] + [link.issuer for link in page.co_issuers.all()]
        return [{"id": i.pk, "code": i.code, "name": i.name} for i in issuers]
