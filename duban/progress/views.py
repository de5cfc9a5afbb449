"""Pages of quarterly reporting: the work list, a task's report for a period, the
leader's review, and the office's view of a period."""

import datetime
import uuid
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from duban.assignments.work import work_from_above
from duban.orgs.access import (
    Action,
    access,
    fill_in_department_for,
    may_fill_in,
    period_for,
    plan_for,
    report_for,
    task_for,
)
from duban.orgs.models import Notification
from duban.orgs.services import mark_notifications_read
from duban.plans.models import ImportUpload, Target
from duban.progress import excel, services
from duban.progress.forms import ReportEditForm
from duban.progress.history import report_changes
from duban.progress.models import Period, ProgressReport, Reading
from duban.progress.overview import (
    changes_since_last_period,
    period_overview,
    previous_readings,
    queue_for_leader,
    work_for_reporter,
)
from duban.progress.reminders import send_reminders_task
from duban.supervision.board import task_completion


@login_required
def work(request):
    """工作台: what this user has to do now."""
    acc = access(request.user)
    periods = (
        Period.objects.filter(plan__organization_id__in=acc.office_org_ids, is_open=True)
        .select_related("plan")
        .order_by("due_on")
    )
    notices = list(Notification.objects.filter(user=request.user)[:20])
    mark_notifications_read(request.user, notices)
    return render(
        request,
        "progress/work.html",
        {
            **work_from_above(request.user),
            "notices": notices,
            "rows": work_for_reporter(request.user),
            "queue": queue_for_leader(request.user),
            "periods": periods,
        },
    )


def _report_context(task, period, report):
    children = list(task.children.order_by("order"))
    targets = list(
        Target.objects.filter(task__in=[task, *children]).select_related("task").order_by("id")
    )
    readings = {r.target_id: r for r in report.readings.all()} if report else {}
    return children, targets, readings


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, pk, period_pk):
    task = task_for(request.user, pk, Action.REPORT)
    period = period_for(request.user, period_pk)
    if period.plan_id != task.plan_id or task.parent_id is not None:
        raise Http404
    report = ProgressReport.objects.filter(task=task, period=period).first()
    children, targets, readings = _report_context(task, period, report)
    kwargs = {"report": report, "children": children, "targets": targets, "readings": readings}
    previous = previous_readings(targets, period)
    evidence = {r.target_id: r for r in readings.values() if r.evidence}
    conflict = None
    if request.method == "POST":
        form = ReportEditForm(request.POST, request.FILES, **kwargs)
        if form.is_valid():
            try:
                with transaction.atomic():
                    saved = services.save_report(
                        task, period, actor=request.user, **form.report_fields()
                    )
                    if "submit" in request.POST:
                        services.submit_report(saved, actor=request.user)
            except services.StaleReport as exc:
                conflict = exc.current
                data = request.POST.copy()
                data["version"] = str(conflict.version)  # resubmitting now is deliberate
                form = ReportEditForm(data, **kwargs)
                form.is_valid()
                messages.error(request, exc.messages[0])
            except ValidationError as exc:
                messages.error(request, _("未保存:") + " ".join(exc.messages))
            else:
                if "submit" in request.POST:
                    messages.success(request, _("已报送,等待分管领导审核。"))
                else:
                    messages.success(request, _("草稿已保存。"))
                return redirect("report-edit", pk=task.pk, period_pk=period.pk)
    else:
        form = ReportEditForm(**kwargs)
    acc = access(request.user)
    return render(
        request,
        "progress/report_edit.html",
        {
            "task": task,
            "plan": task.plan,
            "org": task.plan.organization,
            "period": period,
            "report": report,
            "form": form,
            "conflict": conflict,
            "evidence": evidence,
            "editable": report is None
            or report.state in services.EDITABLE_STATES
            or acc.may(Action.AMEND, task),
            "can_submit": acc.may(Action.SUBMIT, task),
            "completion": task_completion(task, period.ends_on),
            "changes": report_changes(report) if report else [],
            "previous": previous,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_review(request, pk):
    report = report_for(request.user, pk)
    task = report.task
    acc = access(request.user)
    if request.method == "POST":
        report = report_for(request.user, pk, Action.REVIEW)
        comment = request.POST.get("comment", "")
        try:
            if "approve" in request.POST:
                services.approve_report(report, actor=request.user, comment=comment)
                messages.success(request, _("已审核通过。"))
            else:
                services.return_report(report, actor=request.user, comment=comment)
                messages.success(request, _("已退回,并通知填报科室。"))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("report-review", pk=report.pk)
    children, targets, readings = _report_context(task, report.period, report)
    return render(
        request,
        "progress/report_review.html",
        {
            "report": report,
            "task": task,
            "plan": task.plan,
            "org": task.plan.organization,
            "children": children,
            "targets": [(t, readings.get(t.pk)) for t in targets],
            "diff": changes_since_last_period(report),
            "can_review": acc.may(Action.REVIEW, task) and report.state == "submitted",
            "completion": task_completion(task, report.period.ends_on),
            "changes": report_changes(report),
        },
    )


@login_required
def period_page(request, pk):
    period = period_for(request.user, pk)
    overview = period_overview(period)
    acc = access(request.user)
    return render(
        request,
        "progress/period.html",
        {
            "period": period,
            "plan": period.plan,
            "org": period.plan.organization,
            "overview": overview,
            "can_edit": acc.may(Action.EDIT, period.plan),
            "can_fill_in": may_fill_in(request.user, period),
            "departments": period.plan.organization.departments.order_by("name"),
            "remind_days": settings.DUBAN_REMIND_DAYS_BEFORE,
        },
    )


@login_required
@require_POST
def period_open(request, pk):
    plan = plan_for(request.user, pk, Action.EDIT)
    code = request.POST.get("code", "").strip()
    due = request.POST.get("due_on") or None
    try:
        due_on = datetime.date.fromisoformat(due) if due else None
        period = services.open_period(plan, actor=request.user, code=code, due_on=due_on)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("plan", pk=plan.pk)
    except ValueError as exc:
        messages.error(
            request, str(exc) if "报告期" in str(exc) else _("截止日期格式应为 2023-10-10")
        )
        return redirect("plan", pk=plan.pk)
    messages.success(request, _("报告期 %(code)s 已开放填报。") % {"code": period.code})
    return redirect("period", pk=period.pk)


@login_required
@require_POST
def period_settings(request, pk):
    period = period_for(request.user, pk, Action.EDIT)
    due = request.POST.get("due_on") or None
    try:
        due_on = datetime.date.fromisoformat(due) if due else None
    except ValueError:
        messages.error(request, _("截止日期格式应为 2023-10-10"))
        return redirect("period", pk=period.pk)
    services.set_period_open(
        period, actor=request.user, is_open=request.POST.get("is_open") == "1", due_on=due_on
    )
    messages.success(request, _("报告期设置已保存。"))
    return redirect("period", pk=period.pk)


@login_required
@require_POST
def period_remind(request, pk):
    """Send the reminders that are due now (the timer does this every day anyway)."""
    period = period_for(request.user, pk, Action.EDIT)
    result = send_reminders_task.enqueue(org_id=period.plan.organization_id)
    if result.is_finished and not result.errors:
        messages.success(request, _("已发送 %(n)d 条提醒。") % {"n": result.return_value})
    else:
        messages.info(request, _("提醒已加入后台任务队列。"))
    return redirect("period", pk=period.pk)


@login_required
def period_excel(request, pk):
    period = period_for(request.user, pk)
    department = fill_in_department_for(request.user, period, request.GET.get("department"))
    data = excel.workbook_for(period, department)
    name = f"{period.plan.title}-{period.code}-{department.name}.xlsx"
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def period_excel_upload(request, pk):
    period = period_for(request.user, pk)
    batch = request.GET.get("batch") or request.POST.get("batch")
    if request.method == "POST" and "file" in request.FILES:
        upload = request.FILES["file"]
        data = upload.read()
        try:
            excel.read_fill_in(data, actor=request.user, expected_period=period)
        except excel.FillInRefused as exc:
            messages.error(request, f"{upload.name}: {exc}")
            return redirect("period", pk=period.pk)
        batch = str(uuid.uuid4())
        ImportUpload.objects.create(
            organization=period.plan.organization,
            batch=batch,
            name=upload.name[:255],
            data=data,
            uploaded_by=request.user,
        )
        return redirect(f"{reverse('period-excel-upload', args=[period.pk])}?batch={batch}")
    pending = (
        ImportUpload.objects.filter(
            batch=batch, organization=period.plan.organization, uploaded_by=request.user
        ).first()
        if _is_uuid(batch)
        else None
    )
    if pending is None:
        raise Http404
    try:
        fill_in = excel.read_fill_in(
            bytes(pending.data), actor=request.user, expected_period=period
        )
    except excel.FillInRefused as exc:
        pending.delete()
        messages.error(request, f"{pending.name}: {exc}")
        return redirect("period", pk=period.pk)
    if request.method == "POST":
        if "apply" in request.POST:
            try:
                applied = excel.apply_fill_in(fill_in, actor=request.user)
            except excel.FillInRefused as exc:
                messages.error(request, f"{pending.name}: {exc}")
            else:
                messages.success(request, _("已应用 %(n)d 项任务的修改。") % {"n": applied})
        pending.delete()
        return redirect("period", pk=period.pk)
    return render(
        request,
        "progress/excel_preview.html",
        {
            "period": period,
            "plan": period.plan,
            "org": period.plan.organization,
            "fill_in": fill_in,
            "pending": pending,
        },
    )


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@login_required
def reading_evidence(request, pk):
    """A reading's evidence file, for those who may read its task."""
    reading = Reading.objects.select_related("report").filter(pk=pk).first()
    if reading is None or not reading.evidence:
        raise Http404
    report_for(request.user, reading.report_id)  # the gate: 404 for other bureaus
    try:
        handle = reading.evidence.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=reading.evidence.name.rsplit("/")[-1])
