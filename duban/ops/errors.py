"""403, 404 and 405 as pages of the site, in the user's language, with a way back (the
API answers its own JSON errors; 500 and 503 are in ops/views.py, rendered without the
database)."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

PAGES = {
    403: (_("无权进行此操作"), _("您的账号没有进行此操作的权限。如需开通,请联系本局办公室。")),
    404: (
        _("页面不存在"),
        _("您要找的页面不存在,或者您没有查看它的权限。请检查地址,或从首页重新进入。"),
    ),
    405: (_("不支持此操作"), _("此页面不接受这种请求方式。请从页面上的按钮或链接操作。")),
    "csrf": (
        _("页面已过期"),
        _("表单的安全校验未通过(页面打开过久或已在别处退出登录)。请刷新页面后重新提交。"),
    ),
}


def error_page(request, status: int, kind=None):
    heading, explanation = PAGES[kind or status]
    context = {"status": status, "heading": heading, "explanation": explanation}
    return render(request, "error.html", context, status=status)


def forbidden(request, exception=None):
    return error_page(request, 403)


def not_found(request, exception=None):
    return error_page(request, 404)


def csrf_failure(request, reason=""):
    return error_page(request, 403, "csrf")


class MethodNotAllowedPage:
    """A bare 405 (require_POST and the like answer with an empty body) becomes the
    site's page; its Allow header is kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 405
            and not response.content
            and not request.path.startswith("/api/")
        ):
            page = error_page(request, 405)
            if response.has_header("Allow"):
                page["Allow"] = response["Allow"]
            return page
        return response
