"""The progress wall (挂图晾晒) page."""

import datetime
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from duban.assignments.compare import assigned_targets, compare_assigned
from duban.orgs.access import (
    Action,
    access,
    department_for,
    notice_for,
    organization_for,
    task_for,
    visible_notices,
)
from duban.orgs.models import Department, Person, Role
from duban.paging import page_of
from duban.plans.models import IndicatorDefinition
from duban.supervision import services
from duban.supervision.compare import (
    bureaus_below,
    chart_of,
    compare,
    overview,
    without_figures,
)
from duban.supervision.dates import compare_day, requested_day, wall_day
from duban.supervision.ledger import FILTERS as FILTERS_LEDGER
from duban.supervision.ledger import build_ledger, ledger_xlsx
from duban.supervision.models import NoticeState, NoticeStep
from duban.supervision.status import COLOURS, LABELS
from duban.supervision.wall import FILTERS, build_wall


@login_required
def wall_page(request, pk):
    org = organization_for(request.user, pk)
    day = requested_day(request.GET.get("date")) or wall_day(org)
    filters = {name: request.GET.get(name, "") for name in FILTERS}
    wall = build_wall(org, day, filters, plan_id=request.GET.get("plan"))
    charts = {
        "status": [
            {"name": label, "value": n, "code": code} for code, label, n in wall.counts if n
        ],
        "colours": COLOURS,
        "titles": {"status": _("各状态任务数"), "lines": _("各业务条线平均完成率(%)")},
        "lines": [{"name": name, "value": round(value, 1)} for name, value in wall.by_line],
    }
    return render(
        request,
        "supervision/wall.html",
        {"org": org, "wall": wall, "filters": filters, "charts": charts},
    )


@login_required
@require_POST
def notice_issue(request, pk):
    task = task_for(request.user, pk, Action.SUPERVISE)
    try:
        department = department_for(
            request.user, request.POST.get("department"), task.plan.organization
        )
        reply_due = datetime.date.fromisoformat(request.POST.get("reply_due", ""))
        notice = services.issue_notice(
            task,
            department,
            actor=request.user,
            body=request.POST.get("body", ""),
            reply_due=reply_due,
        )
    except (ValueError, Http404):
        messages.error(request, _("未下发:请选择科室并填写回复期限(如 2023-10-20)"))
        return redirect("task", pk=task.pk)
    except ValidationError as exc:
        messages.error(request, _("未下发:") + " ".join(exc.messages))
        return redirect("task", pk=task.pk)
    messages.success(request, _("督办单 %(number)s 已下发。") % {"number": notice.number})
    return redirect("notice", pk=notice.pk)


@login_required
@require_http_methods(["GET", "POST"])
def notice_page(request, pk):
    notice = notice_for(request.user, pk)
    acc = access(request.user)
    if request.method == "POST":
        action = request.POST.get("action")
        needed = Action.ANSWER if action == "answer" else Action.SUPERVISE
        notice = notice_for(request.user, pk, needed)
        text = request.POST.get("text", "")
        try:
            if action == "answer":
                promised = request.POST.get("promised_on") or None
                services.answer_notice(
                    notice,
                    actor=request.user,
                    text=text,
                    promised_on=datetime.date.fromisoformat(promised) if promised else None,
                    attachment=request.FILES.get("attachment"),
                )
            elif action == "close":
                services.close_notice(notice, actor=request.user, text=text)
            elif action == "return":
                due = request.POST.get("reply_due") or None
                services.return_notice(
                    notice,
                    actor=request.user,
                    text=text,
                    reply_due=datetime.date.fromisoformat(due) if due else None,
                )
            else:
                raise ValidationError(_("未知操作"))
        except ValueError:
            messages.error(request, _("日期格式应为 2023-10-20"))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("已保存。"))
        return redirect("notice", pk=notice.pk)
    return render(
        request,
        "supervision/notice.html",
        {
            "notice": notice,
            "task": notice.task,
            "plan": notice.task.plan,
            "org": notice.organization,
            "steps": notice.steps.select_related("actor"),
            "can_answer": acc.may(Action.ANSWER, notice) and notice.state in ("sent", "returned"),
            "can_supervise": acc.may(Action.SUPERVISE, notice) and notice.state == "answered",
            "max_mb": settings.DUBAN_EVIDENCE_MAX_BYTES // 1048576,
        },
    )


@login_required
def notice_attachment(request, pk):
    """A reply's attachment, for those who may read its 督办单 (404 for anyone else)."""
    step = NoticeStep.objects.filter(pk=pk).only("notice_id", "attachment").first()
    if step is None or not step.attachment:
        raise Http404
    notice_for(request.user, step.notice_id)  # the gate
    try:
        handle = step.attachment.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=step.attachment_name)


def _save_rules(request, org) -> None:
    """The 考核评分 rules as the form sent them, saved by the service (which checks them
    and the right to change them), the outcome told as a message."""
    from duban.supervision.scoring import EXPLAINED, save_rules

    try:
        save_rules(
            org, actor=request.user, given={name: request.POST.get(name, "") for name in EXPLAINED}
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("评分规则已保存。"))


@login_required
@require_http_methods(["GET", "POST"])
def bureau_scores_page(request, pk):
    """考核评分 of the bureaus below, for a period code: a ranking by 得分率, each point
    shown; the superior's rules."""
    from duban.supervision.scoring import bureau_scores, codes_below, rules_shown

    org = organization_for(request.user, pk)
    below = bureaus_below(org)
    if not below:
        raise Http404
    if request.method == "POST":
        _save_rules(request, org)
        return redirect(f"{request.path}?period={quote(request.POST.get('period', ''))}")
    codes = codes_below(below)
    code = request.GET.get("period", "").strip().upper()
    if code not in codes:
        code = next((c for c in codes if "Q" in c), codes[0] if codes else "")
    return render(
        request,
        "supervision/bureau_scores.html",
        {
            "org": org,
            "codes": codes,
            "code": code,
            "scores": bureau_scores(org, code, below) if code else [],
            "rules": rules_shown(org),
            "can_edit": access(request.user).may(Action.EDIT, org),
        },
    )


@login_required
def compare_page(request, pk):
    org = organization_for(request.user, pk)
    below = bureaus_below(org)
    day = requested_day(request.GET.get("date")) or compare_day(org, below)
    definitions = list(IndicatorDefinition.objects.order_by("business_line__order", "name"))
    chosen = next((d for d in definitions if d.code == request.GET.get("indicator")), None)
    order = request.GET.get("order", "-value")
    rows = overview(org, day, settings.DUBAN_OVERVIEW_BUDGET_MS, below)
    figures = compare(org, chosen, day, order, below) if chosen else []
    assigned = assigned_targets(org)
    picked = next((a for a in assigned if str(a.pk) == request.GET.get("assigned")), None)
    if picked is not None and chosen is None:
        figures = compare_assigned(picked, {b.pk for b in below}, day, order)
    rows_page, rows_keep = page_of(request, rows)
    figures_page, figures_keep = page_of(request, figures, "fpage", per_page=100)
    return render(
        request,
        "supervision/compare.html",
        {
            "org": org,
            "day": day,
            "rows": rows_page,
            "rows_keep": rows_keep,
            "totals": {code: sum(r.counts[code] for r in rows) for code in LABELS},
            "total_tasks": sum(r.tasks for r in rows),
            "recounting": sum(1 for r in rows if not r.fresh),
            "labels": LABELS,
            "definitions": definitions,
            "chosen": chosen,
            "assigned": assigned,
            "picked": picked if chosen is None else None,
            "pick_query": f"indicator={chosen.code}"
            if chosen
            else (f"assigned={picked.pk}" if picked else ""),
            "figures": figures_page,
            "figures_keep": figures_keep,
            "order": order,
            "missing": without_figures(org, figures, picked, below) if chosen or picked else [],
            "chart": {
                "title": str(chosen) if chosen else (picked.name if picked else ""),
                **chart_of(list(figures_page)),
            },
        },
    )


@login_required
def ledger_page(request, pk):
    """督办台账 of a bureau (and of the bureaus below it, for a superior)."""
    org = organization_for(request.user, pk)
    filters = {name: request.GET.get(name, "") for name in FILTERS_LEDGER}
    order = request.GET.get("order", "-created")
    ledger = build_ledger(visible_notices(request.user, org), filters, order)
    if request.GET.get("format") == "xlsx":
        from duban.publishing.render import CONTENT_TYPES

        response = HttpResponse(ledger_xlsx(ledger), content_type=CONTENT_TYPES["xlsx"])
        name = quote(f"{org.name}督办台账.xlsx")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
        return response
    rows, keep = page_of(request, ledger.rows, per_page=100)
    below = bureaus_below(org)
    departments = Department.objects.filter(organization=org).order_by("name")
    leaders = Person.objects.filter(organization=org, memberships__role=Role.LEADER).distinct()
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("page", None)
    return render(
        request,
        "supervision/ledger.html",
        {
            "org": org,
            "ledger": ledger,
            "rows": rows,
            "keep": keep,
            "filters": filters,
            "order": order,
            "states": [(s, NoticeState(s).label) for s in ledger.counts],
            "departments": departments,
            "leaders": leaders,
            "below": below,
            "xlsx_query": (query.urlencode() + "&" if query else "") + "format=xlsx",
        },
    )


@login_required
def notice_file(request, pk, fmt):
    """The 督办单 (or, with ?urge=1, its 催办单) as Word or PDF."""
    from duban.publishing.render import CONTENT_TYPES, render
    from duban.supervision.documents import NOTICE, URGE, notice_document

    notice = notice_for(request.user, pk)
    if fmt not in ("docx", "pdf"):
        raise Http404
    kind = URGE if request.GET.get("urge") else NOTICE
    doc, meta = notice_document(notice, kind)
    response = HttpResponse(render(fmt, doc, meta).data, content_type=CONTENT_TYPES[fmt])
    name = quote(f"{notice.number}{doc.title}.{fmt}")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def scores_page(request, pk):
    """考核评分 of a reporting period: the ranking, how each point was earned, the rules."""
    from duban.orgs.access import period_for
    from duban.supervision.scoring import period_scores, rules_shown

    period = period_for(request.user, pk)
    org = period.plan.organization
    acc = access(request.user)
    if request.method == "POST":
        _save_rules(request, org)
        return redirect("scores", pk=period.pk)
    return render(
        request,
        "supervision/scores.html",
        {
            "org": org,
            "plan": period.plan,
            "period": period,
            "scores": period_scores(period),
            "rules": rules_shown(org),
            "can_edit": acc.may(Action.EDIT, org),
            "can_publish": acc.may(Action.PUBLISH, org),
        },
    )
