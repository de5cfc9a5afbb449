"""The page where a user makes and revokes their personal API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from duban.api import tokens
from duban.api.errors import body


@csrf_exempt  # it changes nothing, and must answer JSON to a POST without a CSRF token too
def unknown(request, rest=""):
    """An address under /api/ that no endpoint answers: JSON, like every other error."""
    payload = body("not_found", lambda: gettext_lazy("接口不存在,请查阅 /api/v1/docs"))
    return JsonResponse(payload, status=404, json_dumps_params={"ensure_ascii": False})


@login_required
@require_http_methods(["GET", "POST"])
def tokens_page(request):
    made = None
    if request.method == "POST":
        if request.POST.get("revoke"):
            token = get_object_or_404(tokens.tokens_of(request.user), pk=request.POST["revoke"])
            tokens.revoke_token(token, actor=request.user)
            messages.success(request, _("令牌已吊销,使用它的脚本将无法再访问。"))
            return redirect("tokens")
        try:
            _token, made = tokens.issue_token(request.user, name=request.POST.get("name", ""))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    response = render(
        request,
        "api/tokens.html",
        {"tokens": tokens.tokens_of(request.user), "made": made},
    )
    response["Cache-Control"] = "no-store"  # the new token is on this page, once
    return response
