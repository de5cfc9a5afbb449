from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from duban.plans.models import (
    BusinessLine,
    IndicatorDefinition,
    Plan,
    Section,
    Target,
    Task,
    TaskDepartment,
)


@admin.register(BusinessLine)
class BusinessLineAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]


@admin.register(IndicatorDefinition)
class IndicatorDefinitionAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "direction", "business_line"]
    list_filter = ["business_line"]
    search_fields = ["name"]


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "year"]
    list_filter = ["year", "organization"]
    inlines = [SectionInline]


class TaskDepartmentInline(admin.TabularInline):
    model = TaskDepartment
    extra = 0


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "plan", "section", "business_line"]
    list_filter = ["plan__organization", "business_line"]
    search_fields = ["title", "goal"]
    raw_id_fields = ["parent"]
    inlines = [TaskDepartmentInline, TargetInline]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["name", "task", "comparator", "value", "unit"]
    search_fields = ["name"]
