from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from duban.publishing.models import Publication


@admin.register(Publication)
class PublicationAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organization", "kind", "index_no", "issued_on", "state", "version"]
    list_filter = ["kind", "state"]
    search_fields = ["title", "index_no"]
