"""The admin form of a week: the week is a Monday and unique in its unit's schedule, every
item falls within it, the title follows it, and changes to a published week are recorded."""

import datetime

from django.utils.translation import gettext_lazy as _

from units.forms import PortalPageForm


class WeeklyScheduleForm(PortalPageForm):
    def clean(self):
        cleaned_data = super().clean()
        monday = cleaned_data.get("week_start")
        index = self.parent_page.specific if self.parent_page is not None else None
        if monday is None or index is None:
            return cleaned_data
        if monday.weekday() != 0:
            real_monday = monday - datetime.timedelta(days=monday.weekday())
            self.add_error(
                "week_start",
                _("Ngày bắt đầu tuần phải là thứ Hai (thứ Hai của tuần này là %(day)s).")
                % {"day": f"{real_monday:%d/%m/%Y}"},
            )
            return cleaned_data
        siblings = type(self.instance).objects.child_of(index).filter(week_start=monday)
        if self.instance.pk:
            siblings = siblings.exclude(pk=self.instance.pk)
        if siblings.exists():
            self.add_error(
                "week_start",
                _("Đã có lịch công tác tuần này: “%(title)s”. Mở trang đó để sửa.")
                % {"title": siblings.first().title},
            )
            return cleaned_data
        sunday = monday + datetime.timedelta(days=6)
        for form in self.formsets["items"].forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            day = form.cleaned_data.get("day")
            if day is not None and not monday <= day <= sunday:
                form.add_error(
                    "day",
                    _("Ngày phải trong tuần từ %(monday)s đến %(sunday)s.")
                    % {"monday": f"{monday:%d/%m/%Y}", "sunday": f"{sunday:%d/%m/%Y}"},
                )
        self.instance.week_start = monday
        self.instance.set_title_and_slug(index)
        return cleaned_data

    def save(self, commit=True):
        page = super().save(commit=False)
        page.track_changes()
        if commit:
            page.save()
            self.save_m2m()
        return page
