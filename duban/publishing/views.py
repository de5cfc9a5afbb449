"""Publishing pages: the office composes, edits and publishes; anyone reads what was
published, at a stable address, in every format."""

import datetime
from functools import wraps
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from duban.orgs.access import Action, access, organization_for, publication_for
from duban.orgs.models import Organization
from duban.publishing import services
from duban.publishing.compose import NothingToPublish
from duban.publishing.models import (
    Classification,
    ClassificationKind,
    Publication,
    PublicationKind,
    PublicationState,
)
from duban.publishing.render import (
    CONTENT_TYPES,
    FORMAT_NAMES,
    FORMATS,
    meta_pairs,
    view_blocks,
)

COMPOSED_KINDS = [
    (k, PublicationKind(k).label) for k in ("task_list", "progress_table", "summary", "bulletin")
]
EDITABLE = (
    "title",
    "category",
    "topic",
    "genre",
    "doc_no",
    "issued_on",
    "disclosure_method",
    "disclosure_scope",
)


def members_only(view):
    """The office's publishing pages: to anyone not logged in they do not exist (404), so
    a draft's address gives nothing away, not even a login page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _shown(publication: Publication) -> dict:
    doc = services.document_of(publication)
    return {
        "doc": doc,
        "blocks": view_blocks(doc),
        "meta_pairs": meta_pairs(services.metadata(publication)),
        "formats": [(f, FORMAT_NAMES[f]) for f in FORMATS],
    }


@members_only
@require_http_methods(["GET", "POST"])
def publications_page(request, pk):
    org = organization_for(request.user, pk)
    can_publish = access(request.user).may(Action.PUBLISH, org)
    if request.method == "POST":
        org = organization_for(request.user, pk, Action.PUBLISH)
        try:
            year = int(request.POST.get("year", ""))
            publication = services.compose_publication(
                org,
                actor=request.user,
                kind=request.POST.get("kind", ""),
                year=year,
                period=request.POST.get("period", "").strip().upper(),
            )
        except ValueError as exc:  # NothingToPublish is one
            text = str(exc) if isinstance(exc, NothingToPublish) else _("请填写年度,如 2023")
            messages.error(request, _("未生成:") + text)
            return redirect("publications", pk=org.pk)
        messages.success(request, _("已生成草稿,请核对后发布。"))
        return redirect("publication", pk=publication.pk)
    publications = org.publications.select_related("previous").order_by("-year", "-id")
    return render(
        request,
        "publishing/publications.html",
        {
            "org": org,
            "publications": publications,
            "kinds": COMPOSED_KINDS,
            "can_publish": can_publish,
        },
    )


def _typed(request, publication: Publication) -> dict:
    """The draft's fields as typed into the form, those the form sent (ValueError for a
    malformed date)."""
    changes = {f: request.POST[f].strip() for f in EDITABLE if f in request.POST}
    if "issued_on" in changes:
        typed = changes["issued_on"]
        changes["issued_on"] = datetime.date.fromisoformat(typed) if typed else None
    if publication.kind in services.EDITABLE_BODY and "body" in request.POST:
        changes["body"] = request.POST.get("body", "")
    return changes


@members_only
@require_http_methods(["GET", "POST"])
def publication_page(request, pk):
    publication = publication_for(request.user, pk)
    if request.method == "POST":
        publication = publication_for(request.user, pk, Action.PUBLISH)
        action = request.POST.get("action")
        try:
            if action == "save":
                services.update_publication(
                    publication, actor=request.user, **_typed(request, publication)
                )
                messages.success(request, _("已保存。"))
            elif action == "refresh":
                services.refresh_publication(publication, actor=request.user)
                messages.success(request, _("已按最新数据重新生成。"))
            elif action == "publish":  # what was just typed is what is published
                with transaction.atomic():
                    services.update_publication(
                        publication, actor=request.user, **_typed(request, publication)
                    )
                    publication = services.publish_publication(publication, actor=request.user)
                messages.success(
                    request, _("已发布,索引号 %(no)s。") % {"no": publication.index_no}
                )
            elif action == "withdraw":
                services.withdraw_publication(
                    publication, actor=request.user, reason=request.POST.get("reason", "")
                )
                messages.success(request, _("已撤回,公开网站不再显示此文件。"))
            elif action == "correct":
                correction = services.correct_publication(publication, actor=request.user)
                messages.success(request, _("已生成更正版本草稿。"))
                return redirect("publication", pk=correction.pk)
            else:
                raise ValidationError(_("未知操作"))
        except ValueError:
            messages.error(request, _("日期格式应为 2023-10-20"))
        except (ValidationError, NothingToPublish) as exc:
            text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            messages.error(request, text)
        return redirect("publication", pk=publication.pk)
    acc = access(request.user)
    lists = services.classifications(publication.organization)
    return render(
        request,
        "publishing/publication.html",
        {
            "publication": publication,
            "org": publication.organization,
            "can_publish": acc.may(Action.PUBLISH, publication),
            "is_draft": publication.state == PublicationState.DRAFT,
            "body_editable": publication.kind in services.EDITABLE_BODY,
            "lists": lists,
            "correction": Publication.objects.filter(previous=publication).first(),
            **_shown(publication),
        },
    )


def file_response(publication: Publication, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    response = HttpResponse(services.file_of(publication, fmt), content_type=CONTENT_TYPES[fmt])
    name = f"{publication.title}-v{publication.version}.{fmt}"
    disposition = "inline" if fmt in ("html", "pdf", "json") else "attachment"
    response.headers["Content-Disposition"] = (
        f"{disposition}; filename=\"{publication.pk}.{fmt}\"; filename*=UTF-8''" + quote(name)
    )
    if fmt == "html":  # a self-contained file: its styles are inline, its scripts none
        response._csp_update = {"style-src": ["'unsafe-inline'"]}
    return response


@members_only
def publication_file(request, pk, fmt):
    return file_response(publication_for(request.user, pk), fmt)


@members_only
@require_http_methods(["GET", "POST"])
def classifications_page(request, pk):
    org = organization_for(request.user, pk, Action.PUBLISH)
    if request.method == "POST":
        try:
            if request.POST.get("remove"):
                entry = get_object_or_404(
                    Classification, pk=request.POST["remove"], organization=org
                )
                services.remove_classification(entry, actor=request.user)
            else:
                services.add_classification(
                    org,
                    actor=request.user,
                    kind=request.POST.get("kind", ""),
                    name=request.POST.get("name", ""),
                )
            messages.success(request, _("已保存。"))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("classifications", pk=org.pk)
    lists = services.classifications(org)
    return render(
        request,
        "publishing/classifications.html",
        {
            "org": org,
            "shown": [(label, lists[kind]) for kind, label in ClassificationKind.choices],
            "kinds": ClassificationKind.choices,
            "own": org.classifications.order_by("kind", "name"),
        },
    )


# -- the public site: no login, published versions only ------------------------------------


def _public(pk) -> Publication:
    return publication_for(AnonymousUser(), pk)  # the gate lets the public read published only


def public_list(request, org_pk):
    org = get_object_or_404(Organization, pk=org_pk)
    year, kind, q = (request.GET.get(k, "").strip() for k in ("year", "kind", "q"))
    found = services.published(org, year=year, kind=kind, q=q)
    page = Paginator(found, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "publishing/public_list.html",
        {
            "org": org,
            "page": page,
            "years": services.published_years(org),
            "kinds": PublicationKind.choices,
            "year": year,
            "kind": kind,
            "q": q,
            "replaced": services.replaced_ids(org),
        },
    )


def public_document(request, org_pk, pk):
    publication = _public(pk)
    if publication.organization_id != org_pk:
        raise Http404
    correction = Publication.objects.filter(
        previous=publication, state=PublicationState.PUBLISHED
    ).first()
    return render(
        request,
        "publishing/public_document.html",
        {
            "publication": publication,
            "org": publication.organization,
            "correction": correction,
            **_shown(publication),
        },
    )


def public_file(request, org_pk, pk, fmt):
    publication = _public(pk)
    if publication.organization_id != org_pk:
        raise Http404
    return file_response(publication, fmt)
