from django.contrib import messages
from wagtail import hooks

from .models import Narration


@hooks.register("before_edit_page")
def say_narration_status(request, page):
    """The editor sees, on the article's edit form, why its audio could not be made."""
    if request.method != "GET":
        return
    narration = Narration.objects.filter(page_id=page.pk).only("status", "error").first()
    if narration is None:
        return
    if narration.status == Narration.Status.FAILED:
        messages.warning(
            request,
            f"Chưa tạo được bản nghe đọc bài: {narration.error} "
            "Bài vẫn hiển thị bình thường; bản đọc sẽ được tạo lại ở lần xuất bản sau.",
        )
