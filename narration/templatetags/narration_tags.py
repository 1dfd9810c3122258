from django import template
from django.urls import reverse

from narration.models import Narration

register = template.Library()


@register.inclusion_tag("components/narration_player.html")
def narration_player(page):
    """The "Nghe" player: the editor's recording, else the generated audio, else the
    browser's own speech (offered only where the device has a Vietnamese voice)."""
    recording = page.audio_recording if page.audio_recording_id else None
    narration = None
    if recording is None:
        narration = (
            Narration.objects.filter(page_id=page.pk, status=Narration.Status.READY)
            .only("file", "duration")
            .first()
        )
    return {
        "recording": recording,
        "narration": narration,
        "text_url": reverse("narration-text", args=[page.pk]),
    }


@register.filter
def spoken_duration(seconds):
    """183.4 → "3 phút 3 giây"."""
    if not seconds:
        return ""
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes} phút {seconds} giây" if minutes else f"{seconds} giây"
