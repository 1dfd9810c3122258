"""The base admin form of every portal page."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db.models import Model, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.blocks import ChooserBlock, ListBlock, RichTextBlock, StreamBlock, StructBlock
from wagtail.blocks.base import BlockField
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry
from wagtail.rich_text import extract_references_from_rich_text

from portal.ids import parse_id

NOT_CHOOSABLE = _(
    "Ảnh hoặc tài liệu này thuộc bộ sưu tập của đơn vị khác. Chỉ được chọn ảnh, tài liệu "
    "của đơn vị mình hoặc của bộ sưu tập “Dùng chung”."
)


class PortalPageForm(WagtailAdminPageForm):
    """Image and document choices, in the page's own fields, in its inline panels (attachments,
    leaders' photos), and in its StreamField blocks (choosers, rich-text document links), accept only what the user may choose (their
    unit's collections and the shared one), so another unit's file cannot be attached by editing
    an id in the form. A file already on the page stays valid."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None or user.is_superuser:
            return
        _limit_media_choices(self, user)
        for formset in self.formsets.values():
            for form in formset.forms:
                _limit_media_choices(form, user)

    def clean(self):
        cleaned_data = super().clean()
        user = self.for_user
        if user is None or user.is_superuser:
            return cleaned_data
        for name, field in self.fields.items():
            if isinstance(field, BlockField) and cleaned_data.get(name):
                saved = getattr(self.instance, name, None)
                refused = _unchoosable(
                    _chosen_media(field.block, cleaned_data[name]),
                    _chosen_media(field.block, saved),
                    user,
                )
                if refused:
                    self.add_error(name, _block_error(refused, ValidationError(NOT_CHOOSABLE)))
        return cleaned_data

    def full_clean(self):
        """A chooser field refused (a forged or stale id) shows the saved value again beside its
        error: the chooser widget looks its value up by id, and a non-numeric one would crash
        the form's second rendering. An id too large for the database is refused the same way
        (SQLite cannot even bind it)."""
        for field in self.fields.values():
            if isinstance(field.widget, BaseChooser) and not hasattr(field, "_bounded"):
                field.to_python = _bounded_id(field)
                field._bounded = True
        super().full_clean()
        refused = [
            name
            for name in self._errors or {}
            if name in self.fields and isinstance(self.fields[name].widget, BaseChooser)
        ]
        if refused:
            self.data = self.data.copy()
            for name in refused:
                current = self.initial.get(name)
                self.data[self.add_prefix(name)] = "" if current is None else str(current)


def _media_models():
    return {get_image_model(), get_document_model()}


def _choosable(model, user):
    return policy_registry.get_by_type(model).instances_user_has_any_permission_for(
        user, ["choose"]
    )


def _limit_media_choices(form, user):
    media = _media_models()
    for name, field in form.fields.items():
        model = getattr(getattr(field, "queryset", None), "model", None)
        if model not in media:
            continue
        current = getattr(form.instance, f"{name}_id", None)
        field.queryset = field.queryset.filter(
            Q(pk__in=_choosable(model, user).values("pk")) | Q(pk=current)
        )
        field.error_messages = {**field.error_messages, "invalid_choice": NOT_CHOOSABLE}


def _chosen_media(block, value, path=()):
    """``(path, model, pk)`` for each image or document chosen anywhere in a block's value, in
    choosers and in rich text (document links, image embeds); ``pk`` as text. ``path`` leads to
    the block as ``((error class, index or name), …)``."""
    if isinstance(block, ChooserBlock):
        if value is not None and block.model_class in _media_models():
            yield path, block.model_class, str(getattr(value, "pk", value))
    elif isinstance(block, RichTextBlock):
        if value is not None:
            yield from _rich_text_media(value.source, path)
    elif isinstance(block, StreamBlock):
        for index, child in enumerate(value or ()):
            step = (StreamBlockValidationError, index)
            yield from _chosen_media(child.block, child.value, (*path, step))
    elif isinstance(block, StructBlock):
        for name, child_block in block.child_blocks.items():
            step = (StructBlockValidationError, name)
            yield from _chosen_media(child_block, (value or {}).get(name), (*path, step))
    elif isinstance(block, ListBlock):
        for index, item in enumerate(value or ()):
            step = (ListBlockValidationError, index)
            yield from _chosen_media(block.child_block, item, (*path, step))


def _block_error(paths, error):
    """One nested block error that puts ``error`` at each of ``paths``, where Wagtail's editor
    shows it beside the chooser."""
    if () in paths:
        return error
    error_class = paths[0][0][0]  # every path here starts in the same block
    children = defaultdict(list)
    for (_error_class, key), *rest in paths:
        children[key].append(tuple(rest))
    return error_class(
        block_errors={key: _block_error(rest, error) for key, rest in children.items()}
    )


def _rich_text_media(html, path):
    """``(path, model, pk)`` for each image embed and document link of a rich text (Wagtail's
    reference extraction, as for its reference index)."""
    media = _media_models()
    for model, pk, _model_path, _content_path in extract_references_from_rich_text(str(html)):
        if model in media:
            yield path, model, str(pk)


def _unchoosable(chosen, saved, user):
    """The paths of the ``chosen`` media the user may not choose; media already ``saved`` on
    the page stay valid. An id that is not a plain number is never choosable."""
    kept = {item[1:] for item in saved}
    chosen = [item for item in chosen if item[1:] not in kept]
    wanted = defaultdict(set)
    for _path, model, pk in chosen:
        if parse_id(pk) is not None:
            wanted[model].add(pk)
    allowed = {
        (model, str(pk))
        for model, pks in wanted.items()
        for pk in _choosable(model, user).filter(pk__in=pks).values_list("pk", flat=True)
    }
    return [path for path, model, pk in chosen if (model, pk) not in allowed]


def _bounded_id(field):
    to_python = field.to_python

    def checked(value):
        unchecked = value not in field.empty_values and not isinstance(value, Model)
        if unchecked and parse_id(value, minimum=0) is None:
            raise ValidationError(field.error_messages["invalid_choice"], code="invalid_choice")
        return to_python(value)

    return checked
