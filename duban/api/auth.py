"""Who calls the API: a personal token (scripts, other systems) or the site's own session
login (htmx on the pages; the CSRF token is checked as on any form)."""

from ninja.security import HttpBearer, SessionAuth

from duban.api.tokens import user_for_token


class TokenAuth(HttpBearer):
    openapi_description = "个人 API 令牌:在“API 令牌”页创建,形如 dbn_…"

    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            request.user = user  # the access gate and history rows read request.user
        return user


class SiteSession(SessionAuth):
    """The session cookie of a logged-in user of the site. Without a session cookie there
    is no session to protect: the caller is told 401 (who are you), not a CSRF 403."""

    def _get_key(self, request):
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)


AUTH = [TokenAuth(), SiteSession()]
