from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.generic.base import RedirectView

from duban.api import views as api_views
from duban.api.api import api
from duban.assignments import views as assignment_views
from duban.channels import views as channel_views
from duban.ops import views as ops_views
from duban.orgs import staff_views
from duban.orgs import views as org_views
from duban.plans import editor_views, import_views
from duban.plans import views as plan_views
from duban.progress import views as progress_views
from duban.publishing import views as publishing_views
from duban.supervision import views as supervision_views

admin.site.site_header = "督办 · 管理后台"
admin.site.site_title = "督办"

handler500 = "duban.ops.views.server_error"
handler403 = "duban.ops.errors.forbidden"
handler404 = "duban.ops.errors.not_found"

urlpatterns = [
    path("healthz", ops_views.healthz, name="healthz"),
    path("system/", ops_views.system_page, name="system"),
    path("", org_views.home, name="home"),
    path("orgs/<int:pk>/", org_views.organization_page, name="organization"),
    path("orgs/<int:pk>/import/", import_views.import_upload, name="import"),
    path("orgs/<int:pk>/wall/", supervision_views.wall_page, name="wall"),
    path("orgs/<int:pk>/compare/", supervision_views.compare_page, name="compare"),
    path("orgs/<int:pk>/scores/", supervision_views.bureau_scores_page, name="bureau-scores"),
    path("tasks/<int:pk>/notices/", supervision_views.notice_issue, name="notice-issue"),
    path("notices/<int:pk>/", supervision_views.notice_page, name="notice"),
    path("orgs/<int:pk>/notices/", supervision_views.ledger_page, name="ledger"),
    path("notices/<int:pk>/file.<str:fmt>", supervision_views.notice_file, name="notice-file"),
    path(
        "notice-steps/<int:pk>/attachment/",
        supervision_views.notice_attachment,
        name="notice-attachment",
    ),
    path("orgs/<int:pk>/import/<uuid:batch>/", import_views.import_preview, name="import-preview"),
    path("plans/<int:pk>/", plan_views.plan_page, name="plan"),
    path("orgs/<int:pk>/plans/new/", editor_views.plan_new, name="plan-new"),
    path("orgs/<int:pk>/people/", staff_views.people_page, name="people"),
    path("orgs/<int:pk>/channels/", channel_views.channels_page, name="channels"),
    path("channels/<int:pk>/", channel_views.channel_change, name="channel-change"),
    path("orgs/<int:pk>/departments/", staff_views.department_add, name="department-add"),
    path("departments/<int:pk>/", staff_views.department_change, name="department-change"),
    path("orgs/<int:pk>/people/add/", staff_views.person_add, name="person-add"),
    path("people/<int:pk>/", staff_views.person_change, name="person-change"),
    path("orgs/<int:pk>/bureaus/", staff_views.bureau_add, name="bureau-add"),
    path("plans/<int:pk>/settings/", editor_views.plan_settings, name="plan-settings"),
    path("plans/<int:pk>/state/", editor_views.plan_state, name="plan-state"),
    path("plans/<int:pk>/delete/", editor_views.plan_delete, name="plan-delete"),
    path("plans/<int:pk>/copy/", editor_views.plan_copy, name="plan-copy"),
    path("plans/<int:pk>/paste/", editor_views.plan_paste, name="plan-paste"),
    path("plans/<int:pk>/sections/", editor_views.section_add, name="section-add"),
    path("sections/<int:pk>/", editor_views.section_change, name="section-change"),
    path("plans/<int:pk>/tasks/", editor_views.task_add, name="task-add"),
    path("tasks/<int:pk>/change/", editor_views.task_change, name="task-change"),
    path("tasks/<int:pk>/targets/", editor_views.target_add, name="target-add"),
    path("targets/<int:pk>/", editor_views.target_change, name="target-change"),
    path("tasks/<int:pk>/", plan_views.task_page, name="task"),
    path("tasks/<int:pk>/edit/", plan_views.task_edit, name="task-edit"),
    path("tasks/<int:pk>/history/", plan_views.task_history, name="task-history"),
    path("work/", progress_views.work, name="work"),
    path("orgs/<int:pk>/assignments/", assignment_views.assignments_page, name="assignments"),
    path("orgs/<int:pk>/assignments/new/", assignment_views.assignment_new, name="assignment-new"),
    path("assignments/<int:pk>/", assignment_views.assignment_page, name="assignment"),
    path("receipts/<int:pk>/", assignment_views.receipt_page, name="receipt"),
    path("tasks/<int:pk>/instructions/", assignment_views.instruction_add, name="instruction-add"),
    path("instructions/<int:pk>/", assignment_views.instruction_act, name="instruction"),
    path(
        "tasks/<int:pk>/periods/<int:period_pk>/",
        progress_views.report_edit,
        name="report-edit",
    ),
    path("reports/<int:pk>/", progress_views.report_review, name="report-review"),
    path("readings/<int:pk>/evidence/", progress_views.reading_evidence, name="reading-evidence"),
    path("plans/<int:pk>/periods/", progress_views.period_open, name="period-open"),
    path("periods/<int:pk>/", progress_views.period_page, name="period"),
    path("periods/<int:pk>/scores/", supervision_views.scores_page, name="scores"),
    path("periods/<int:pk>/settings/", progress_views.period_settings, name="period-settings"),
    path("periods/<int:pk>/remind/", progress_views.period_remind, name="period-remind"),
    path("periods/<int:pk>/excel/", progress_views.period_excel, name="period-excel"),
    path(
        "periods/<int:pk>/excel/upload/",
        progress_views.period_excel_upload,
        name="period-excel-upload",
    ),
    path("orgs/<int:pk>/publications/", publishing_views.publications_page, name="publications"),
    path(
        "orgs/<int:pk>/classifications/",
        publishing_views.classifications_page,
        name="classifications",
    ),
    path("publications/<int:pk>/", publishing_views.publication_page, name="publication"),
    path(
        "publications/<int:pk>/file.<str:fmt>",
        publishing_views.publication_file,
        name="publication-file",
    ),
    path("public/<int:org_pk>/", publishing_views.public_list, name="public-list"),
    path("public/<int:org_pk>/<int:pk>/", publishing_views.public_document, name="public-document"),
    path(
        "public/<int:org_pk>/<int:pk>/file.<str:fmt>",
        publishing_views.public_file,
        name="public-file",
    ),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>[\s\S]*)$", api_views.unknown),  # a newline in the path too
    path("account/tokens/", api_views.tokens_page, name="tokens"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path(
        "favicon.ico",
        RedirectView.as_view(url=settings.STATIC_URL + "duban/favicon.svg", permanent=True),
    ),
]
