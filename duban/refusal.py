"""A refused change: a stable code for programs, a message people read in their language.

Services raise ``refused("period_closed", _("报告期 %(period)s 已关闭填报"), period=…)``; pages
show ``exc.messages`` in the chosen language, the API answers with the code and the
message in Chinese and in English."""

from django.core.exceptions import ValidationError


def refused(code: str, message, /, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)
