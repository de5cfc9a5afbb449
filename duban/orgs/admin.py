from django.contrib import admin

from duban.orgs.models import Department, Membership, Organization, Person


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "parent", "disclosure_code"]
    list_filter = ["level"]
    search_fields = ["name", "short_name", "disclosure_code"]
    inlines = [DepartmentInline]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "organization"]
    list_filter = ["organization"]
    search_fields = ["name", "aliases"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "organization", "user"]
    list_filter = ["organization"]
    search_fields = ["name"]
    inlines = [MembershipInline]
