"""Importing documents: upload, read the parsed preview, confirm (or discard)."""

from ninja import File, Router, Status
from ninja.files import UploadedFile

from duban.api.errors import ApiError, answers
from duban.api.schemas import ImportBatch, ImportConfirm, ImportResult
from duban.orgs.access import Action, import_batch_for, organization_for
from duban.plans import imports

router = Router(tags=["导入 imports"])


def _documents(docs, outcomes, names) -> list[dict]:
    return [
        {
            "name": name,
            "status": outcome.status,
            "counts": outcome.counts,
            "changes": outcome.changes,
            "parsed": doc.contract(),
        }
        for name, doc, outcome in zip(names, docs, outcomes, strict=True)
    ]


def _preview(org, batch, uploads) -> dict:
    docs = imports.parsed(uploads)
    names = [u.name for u in uploads]
    return {
        "batch": str(batch),
        "organization_id": org.pk,
        "documents": _documents(docs, imports.previews(docs, org), names),
    }


@router.post(
    "/organizations/{int:org_id}/imports",
    response=answers(ImportBatch, 201, write=True),
    summary="上传待导入的文件(txt、html、docx、xlsx)",
    description="不保存任何任务:返回每个文件将导入的内容;确认后才保存。",
    openapi_extra={  # merged into what ninja writes: at least one file
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "files": {
                                "type": "array",
                                "items": {"type": "string", "format": "binary"},
                                "minItems": 1,
                            }
                        },
                    }
                }
            },
        }
    },
)
def upload(request, org_id: int, files: File[list[UploadedFile]]):
    org = organization_for(request.user, org_id, Action.EDIT)
    try:
        uploads = imports.stage_import(org, files, actor=request.user)
    except imports.UploadRefused as exc:
        raise ApiError(
            422, "unreadable_document", "%(problems)s", problems="; ".join(exc.problems)
        ) from None
    return Status(201, _preview(org, uploads[0].batch, uploads))


@router.get(
    "/organizations/{int:org_id}/imports/{uuid:batch}",
    response=answers(ImportBatch),
    summary="待导入文件的识别结果",
)
def preview(request, org_id: int, batch):
    org, uploads = import_batch_for(request.user, org_id, batch)
    return _preview(org, batch, uploads)


@router.post(
    "/organizations/{int:org_id}/imports/{uuid:batch}/confirm",
    response=answers(ImportResult, write=True),
    summary="确认导入(全部保存或全部不保存)",
)
def confirm(request, org_id: int, batch, data: ImportConfirm):
    org, uploads = import_batch_for(request.user, org_id, batch)
    docs = imports.parsed(uploads)
    names = [u.name for u in uploads]
    outcomes = imports.confirm_import(org, uploads, actor=request.user, replace=data.replace)
    return {"batch": str(batch), "documents": _documents(docs, outcomes, names)}


@router.delete(
    "/organizations/{int:org_id}/imports/{uuid:batch}",
    response=answers(None, 204, write=True),
    summary="放弃导入",
)
def discard(request, org_id: int, batch):
    org, uploads = import_batch_for(request.user, org_id, batch)
    imports.discard_import(org, uploads, actor=request.user)
    return Status(204, None)
