from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from duban.progress.models import Period, ProgressReport, Reading


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["code", "plan", "kind", "due_on", "is_open"]
    list_filter = ["kind", "is_open"]


class ReadingInline(admin.TabularInline):
    model = Reading
    extra = 0


@admin.register(ProgressReport)
class ProgressReportAdmin(SimpleHistoryAdmin):
    list_display = ["task", "period", "self_status", "state"]
    list_filter = ["state", "self_status"]
    inlines = [ReadingInline]
