"""An id or number in an API address beyond 64 bits answers 422, on every database alike
(SQLite overflows where PostgreSQL compares and finds nothing): checked before routing."""

import re

from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _

from duban.api.errors import body

BIGGEST = 2**63 - 1
_DIGITS = re.compile(r"(?<![\w.])-?\d{19,}(?![\w.])")


class IdsInRange:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            address = request.path + "?" + request.META.get("QUERY_STRING", "")
            if any(abs(int(m.group())) > BIGGEST for m in _DIGITS.finditer(address)):
                payload = body("invalid_input", lambda: _("请求中的编号或数值超出范围"))
                return JsonResponse(payload, status=422, json_dumps_params={"ensure_ascii": False})
        return self.get_response(request)
