"""``<unit path>/lich-cong-tac/lich.ics``: Wagtail's page URLs end in "/", so the feed of a
schedule is found here, by the page path in front of it."""

from django.urls import re_path

from . import views

urlpatterns = [
    re_path(r"^(?P<path>(?:[\w\-]+/)+)lich\.ics$", views.calendar, name="schedule-ics"),
]
