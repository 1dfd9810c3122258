"""The public side: the feedback form, the thank-you page with the tracking code, the status
page, and a consultation's comment form. Both forms go through ``_submit``: ceiling (429,
nothing stored), rate limit (then a challenge), validation, one transaction."""

import logging

from django.core import signing
from django.db import DatabaseError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from portal.ratelimits import rate, ratelimited
from portal.visibility import visible

from . import antispam, handling
from .forms import ChallengeForm, ConsultationCommentForm, FeedbackForm, StatusForm
from .models import (
    Category,
    ConsultationIndexPage,
    ConsultationPage,
    QAIndexPage,
    QuestionPage,
)

logger = logging.getLogger(__name__)

THANKS_SALT = "feedback.thanks"
HUB_QUESTIONS = 5
SAVE_FAILED = (
    "Hệ thống đang gặp sự cố nên chưa lưu được góp ý của bạn; không có dữ liệu nào bị lưu "
    "dở. Vui lòng gửi lại sau ít phút."
)


def _render(request, template, context, status=200):
    response = TemplateResponse(request, template, context, status=status)
    # Forms carry a CSRF token: never a shared page-cache entry.
    add_never_cache_headers(response)
    return response


def _submit(request, form, store, template, context):
    """The pipeline both forms share. ``store(cleaned_data, attachment_type)`` saves."""
    challenge = None
    if request.method == "POST":
        if antispam.over_ceiling(request):
            return ratelimited(request, None)
        passed = True
        if getattr(request, "limited", False):
            answer = ChallengeForm(request.POST)
            answer.is_valid()
            passed = antispam.challenge_passed(
                answer.cleaned_data.get("challenge_token"),
                answer.cleaned_data.get("challenge_answer"),
            )
        if not passed:
            challenge = antispam.new_challenge()
            challenge["error"] = (
                "Câu trả lời kiểm tra chưa đúng hoặc đã hết hạn. Vui lòng trả lời câu hỏi mới."
                if request.POST.get("challenge_answer")
                else "Bạn đã gửi nhiều lần liên tiếp. Vui lòng trả lời câu hỏi kiểm tra."
            )
        if passed and form.is_valid():
            try:
                item = store(form.cleaned_data, getattr(form, "attachment_type", ""))
            except DatabaseError:
                logger.exception("Feedback not saved")
                form.add_error(None, SAVE_FAILED)
                return _render(request, template, {**context, "form": form}, status=503)
            token = signing.dumps(item.tracking_code, salt=THANKS_SALT)
            return redirect("feedback-thanks", token=token)
    return _render(request, template, {**context, "form": form, "challenge": challenge})


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=rate("feedback"), method="POST", block=False)
def submit(request):
    form = FeedbackForm(request.POST or None, request.FILES or None)

    def store(data, attachment_type):
        return handling.receive(
            data,
            unit=data.get("unit"),
            category=data["category"],
            attachment_type=attachment_type,
        )

    return _submit(request, form, store, "pages/feedback_form.html", _hub(request))


def _hub(request):
    """What the "Góp ý – Hỏi đáp" page shows beside the form: the look-up by tracking code,
    the latest answered questions and the consultations open today, each linking on."""
    today = timezone.localdate()
    return {
        "qa_index": QAIndexPage.objects.live().first(),
        "consultation_index": ConsultationIndexPage.objects.live().first(),
        "status_form": StatusForm(),
        "answered": visible(QuestionPage.objects.all(), request)
        .select_related("unit", "category")
        .order_by("-answered_on", "-pk")[:HUB_QUESTIONS],
        "open_consultations": visible(ConsultationPage.objects.all(), request)
        .filter(opens_on__lte=today, closes_on__gte=today)
        .order_by("closes_on", "pk"),
    }


@never_cache
def thanks(request, token):
    try:
        code = signing.loads(token, salt=THANKS_SALT, max_age=24 * 3600)
    except signing.BadSignature:
        raise Http404 from None
    return TemplateResponse(
        request,
        "pages/feedback_thanks.html",
        {"code": code, "status_url": reverse("feedback-status")},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(group="feedback-status", key="ip", rate=rate("feedback"), method="POST", block=True)
def status(request):
    form = StatusForm(request.POST or None)
    item = None
    not_found = False
    if request.method == "POST" and form.is_valid():
        item = form.find()
        not_found = item is None
    return _render(
        request,
        "pages/feedback_status.html",
        {"form": form, "item": item, "not_found": not_found},
    )


@ratelimit(key="ip", rate=rate("feedback"), method="POST", block=False)
def consultation_comment(request, page):
    """A consultation page: the draft, and its comment form while it is open. After the
    deadline the form says so and a posted comment is refused (403), nothing stored."""
    context = page.get_context(request)
    if request.method not in ("GET", "HEAD", "POST"):
        return TemplateResponse(request, page.get_template(request), context, status=405)
    if not page.is_open:
        status = 403 if request.method == "POST" else 200
        context["closed_notice"] = (
            "Đã hết thời hạn góp ý cho dự thảo này; ý kiến gửi thêm không được tiếp nhận."
            if page.is_closed
            else "Dự thảo chưa đến thời gian nhận ý kiến."
        )
        return TemplateResponse(request, page.get_template(request), context, status=status)
    form = ConsultationCommentForm(request.POST or None, request.FILES or None)

    def store(data, attachment_type):
        return handling.receive(
            {**data, "subject": f"Góp ý dự thảo: {page.title}"[:255], "consent_publish": False},
            unit=page.owning_unit,
            category=Category.objects.get(pk=page.category_id),
            consultation=page,
            attachment_type=attachment_type,
        )

    return _submit(request, form, store, page.get_template(request), context)
