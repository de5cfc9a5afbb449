from django.contrib import admin

from duban.supervision.models import Alert, Notice, NoticeStep


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["task", "status", "raised_on", "resolved_on"]
    list_filter = ["status"]


class NoticeStepInline(admin.TabularInline):
    model = NoticeStep
    extra = 0
    readonly_fields = ["state", "text", "actor", "at"]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["number", "task", "department", "reply_due", "state"]
    list_filter = ["state"]
    inlines = [NoticeStepInline]
