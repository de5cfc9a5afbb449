"""A refused change: a stable code for programs, a message people read in their language.

Services raise ``refused("period_closed", _("报告期 %(period)s 已关闭填报"), period=…)``; pages
show ``exc.messages`` in the chosen language, the API answers with the code and the
message in Chinese and in English. ``number`` and ``text`` apply the one rule of
``duban.values`` with such a refusal."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from duban import values


def refused(code: str, message, /, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


def number(raw, *, target: str = "") -> Decimal:
    """A figure by the one rule for numbers, refused naming its target."""
    try:
        return values.number(raw)
    except values.BadValue as exc:
        shown = exc.params.get("value", raw)
        if exc.code == "number_too_large":
            message = _("“%(target)s”的数值“%(value)s”超过 16 位整数,不是有效的数值")
        else:
            message = _("“%(target)s”的实际值“%(value)s”不是数字")
        raise refused(exc.code, message, target=target or "—", value=shown) from None


def text(raw, *, label) -> str:
    """A text by the one rule for texts, refused naming the field."""
    try:
        return values.text(raw)
    except values.BadValue:
        raise refused(
            "bad_text", _("%(label)s含有无法保存的字符(控制字符或不成对的代理项)"), label=label
        ) from None


UPLOAD_TYPES = {"pdf", "ofd", "jpg", "jpeg", "png", "docx", "xlsx", "doc", "xls", "zip"}


def upload(file, *, what) -> None:
    """A file a person attaches (佐证材料, a 督办单 reply's attachment): one rule for its
    type and its size (``DUBAN_EVIDENCE_MAX_BYTES``), refused naming ``what`` it is."""
    from django.conf import settings

    limit = settings.DUBAN_EVIDENCE_MAX_BYTES
    suffix = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
    if suffix not in UPLOAD_TYPES:
        raise refused(
            "evidence_type",
            _("%(what)s须为 %(types)s 文件"),
            what=what,
            types="、".join(sorted(UPLOAD_TYPES)),
        )
    if file.size > limit:
        raise refused("evidence_size", _("%(what)s超过 %(mb)s MB"), what=what, mb=limit // 1048576)


def checked(instance, *, exclude=()):
    """``full_clean`` after the one rule for every text and number the instance holds:
    what each service calls before it saves a model, whatever the entry was."""
    from django.db import models

    for field in instance._meta.concrete_fields:
        if field.name in exclude:
            continue
        value = getattr(instance, field.attname)
        if isinstance(field, models.CharField | models.TextField) and isinstance(value, str):
            text(value, label=field.verbose_name)
        elif isinstance(field, models.DecimalField) and value is not None:
            value = number(value, target=field.verbose_name)
            places = Decimal(1).scaleb(-field.decimal_places)
            setattr(instance, field.attname, value.quantize(places, rounding=ROUND_HALF_UP))
    instance.full_clean(exclude=list(exclude))
    return instance
