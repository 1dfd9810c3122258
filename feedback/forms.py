"""Public forms (feedback, consultation comment, status look-up, Q&A filters) and the
admin's action forms. Every text is NFC-normalised; errors are in Vietnamese and tied to
their field."""

import re
import unicodedata

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.admin.rich_text import get_rich_text_editor_widget

from portal.ids import IdChoiceField
from units.models import UnitAccess, UnitPage

from .attachments import check_attachment
from .models import Category, FeedbackItem

MESSAGE_MAX = 10_000
PHONE_RE = re.compile(r"\A\+?[0-9][0-9 .\-]{6,18}[0-9]\Z", re.ASCII)
HONEYPOT = "website"


def clean_text(value):
    return unicodedata.normalize("NFC", value or "").strip()


def phone_digits(value):
    digits = re.sub(r"[^0-9]", "", value or "")
    return "0" + digits[2:] if digits.startswith("84") and len(digits) > 10 else digits


class TextField(forms.CharField):
    def to_python(self, value):
        return clean_text(super().to_python(value))


class SenderFields(forms.Form):
    """Who sends it, and the honeypot (hidden from people by CSS, filled by bots)."""

    name = TextField(label="Họ và tên", max_length=150)
    email = forms.EmailField(
        label="Thư điện tử",
        required=False,
        max_length=254,
        help_text="Để nhận mã tra cứu và thông báo khi có trả lời. Không công khai.",
    )
    phone = TextField(
        label="Số điện thoại", required=False, max_length=20, help_text="Không công khai."
    )
    address = TextField(label="Địa chỉ (không bắt buộc)", required=False, max_length=255)
    website = forms.CharField(label="Để trống ô này", required=False)
    attachment = forms.FileField(
        label="Tệp đính kèm (không bắt buộc)",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        from django.conf import settings
        from django.template.defaultfilters import filesizeformat

        super().__init__(*args, **kwargs)
        limit = filesizeformat(settings.FEEDBACK_ATTACHMENT_MAX_SIZE)
        self.fields["attachment"].help_text = f"PDF, JPEG hoặc PNG, tối đa {limit}."

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if phone and not (PHONE_RE.match(phone) and 9 <= len(phone_digits(phone)) <= 12):
            raise forms.ValidationError(
                "Số điện thoại chưa đúng: chỉ gồm chữ số (có thể có +84, dấu cách, dấu chấm)."
            )
        return phone

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            self.attachment_type = check_attachment(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.data.get(HONEYPOT):
            raise forms.ValidationError("Không gửi được. Vui lòng để trống ô cuối cùng.")
        if (
            not cleaned.get("email")
            and not cleaned.get("phone")
            and "email" not in self.errors
            and "phone" not in self.errors
        ):
            self.add_error("email", "Vui lòng cho biết thư điện tử hoặc số điện thoại.")
        return cleaned


class FeedbackForm(SenderFields):
    unit = IdChoiceField(
        label="Gửi đến đơn vị",
        required=False,
        queryset=UnitPage.objects.none(),
        empty_label="Chưa rõ (Văn phòng Tỉnh ủy chuyển đến đơn vị phù hợp)",
    )
    category = IdChoiceField(
        label="Lĩnh vực", queryset=Category.objects.all(), empty_label="— Chọn lĩnh vực —"
    )
    subject = TextField(label="Tiêu đề", max_length=255)
    message = TextField(
        label="Nội dung",
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": MESSAGE_MAX}),
        help_text=f"Tối đa {MESSAGE_MAX:,} ký tự.".replace(",", "."),
    )
    consent_publish = forms.BooleanField(
        label="Tôi đồng ý công bố câu hỏi và trả lời trên mục Hỏi đáp, không kèm họ tên "
        "và thông tin liên hệ.",
        required=False,
    )

    field_order = [
        "name",
        "email",
        "phone",
        "address",
        "unit",
        "category",
        "subject",
        "message",
        "attachment",
        "consent_publish",
        HONEYPOT,
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = UnitPage.objects.live().public().exclude(valid_until__lt=_today())
        self.fields["unit"].queryset = today.order_by("path")
        self.fields["unit"].label_from_instance = lambda unit: (
            "\u00a0\u00a0" * max(unit.depth - 3, 0) + unit.title
        )


class ConsultationCommentForm(SenderFields):
    message = TextField(
        label="Ý kiến góp ý",
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": MESSAGE_MAX}),
    )
    field_order = ["name", "email", "phone", "address", "message", "attachment", HONEYPOT]


class ChallengeForm(forms.Form):
    challenge_token = forms.CharField(widget=forms.HiddenInput, required=False)
    challenge_answer = forms.CharField(label="Câu hỏi kiểm tra", required=False, max_length=5)


class StatusForm(forms.Form):
    code = TextField(label="Mã tra cứu", max_length=20)
    contact = TextField(label="Thư điện tử hoặc số điện thoại đã dùng khi gửi", max_length=254)

    def find(self):
        """The item for this code and contact, or None: the same answer for a wrong code
        and a wrong contact, so codes cannot be probed."""
        from .models import normalise_code

        item = FeedbackItem.objects.filter(
            tracking_code=normalise_code(self.cleaned_data["code"])
        ).first()
        contact = self.cleaned_data["contact"]
        if item is None:
            return None
        if item.email and "@" in contact and item.email.casefold() == contact.casefold():
            return item
        if (
            item.phone
            and phone_digits(contact)
            and phone_digits(item.phone) == phone_digits(contact)
        ):
            return item
        return None


def _today():
    from django.utils import timezone

    return timezone.localdate()


# --- admin actions ----------------------------------------------------------


def unit_people(unit):
    """Users who may handle an item of ``unit``: its people, those of the units above, admins."""
    User = get_user_model()
    if unit is None:
        return User.objects.filter(is_superuser=True, is_active=True)
    units = UnitPage.objects.ancestor_of(unit, inclusive=True)
    groups = UnitAccess.objects.filter(unit__in=units)
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__in=groups.values("editors"))
            | Q(groups__in=groups.values("approvers"))
        )
        .distinct()
        .order_by("username")
    )


class AssignForm(forms.Form):
    assigned_to = forms.ModelChoiceField(
        label="Giao cho", queryset=None, empty_label="— Chọn người xử lý —"
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = unit_people(item.unit)
        self.fields["assigned_to"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )


class ForwardForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="Chuyển đến đơn vị", queryset=UnitPage.objects.none(), empty_label="— Chọn đơn vị —"
    )
    note = TextField(label="Ghi chú chuyển", max_length=2000, widget=forms.Textarea({"rows": 3}))

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        units = UnitPage.objects.live().order_by("path")
        if item.unit_id:
            units = units.exclude(pk=item.unit_id)
        self.fields["unit"].queryset = units


def _tolerant_rich_text_widget():
    """The admin's rich text editor, refusing a malformed posted value (a required-field
    error) instead of failing on it."""
    widget = get_rich_text_editor_widget()

    def value_from_datadict(self, data, files, name):
        try:
            return super(tolerant, self).value_from_datadict(data, files, name)
        except (ValueError, TypeError, KeyError, AttributeError):
            return None

    tolerant = type("TolerantRichTextWidget", (type(widget),), {})
    tolerant.value_from_datadict = value_from_datadict
    widget.__class__ = tolerant
    return widget


class ReplyForm(forms.Form):
    reply = forms.CharField(label="Nội dung trả lời")

    def __init__(self, *args, item, **kwargs):
        kwargs.setdefault("initial", {"reply": item.reply})
        super().__init__(*args, **kwargs)
        self.fields["reply"].widget = _tolerant_rich_text_widget()

    def clean_reply(self):
        from django.utils.html import strip_tags

        reply = self.cleaned_data["reply"]
        if not strip_tags(reply).strip():
            raise forms.ValidationError("Nội dung trả lời đang trống.")
        return reply


class PublishForm(forms.Form):
    """What the public will read: the approver removes anything personal before approving."""

    title = TextField(label="Tiêu đề công bố", max_length=255)
    question = TextField(
        label="Câu hỏi công bố",
        max_length=MESSAGE_MAX,
        widget=forms.Textarea({"rows": 6}),
        help_text="Xóa mọi thông tin cá nhân (họ tên, địa chỉ, số điện thoại…) trước khi duyệt.",
    )

    def __init__(self, *args, item, **kwargs):
        kwargs.setdefault("initial", {"title": item.subject, "question": item.message})
        super().__init__(*args, **kwargs)


class DuplicateForm(forms.Form):
    duplicate_of = TextField(label="Mã góp ý bị trùng", max_length=20)

    def __init__(self, *args, item, visible, **kwargs):
        self.item, self.visible = item, visible
        super().__init__(*args, **kwargs)

    def clean_duplicate_of(self):
        from .models import normalise_code

        code = normalise_code(self.cleaned_data["duplicate_of"])
        original = self.visible.filter(tracking_code=code).exclude(pk=self.item.pk).first()
        if original is None:
            raise forms.ValidationError("Không có góp ý nào mang mã này.")
        return original


class NoteForm(forms.Form):
    note = TextField(label="Ghi chú", required=False, max_length=2000)

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
