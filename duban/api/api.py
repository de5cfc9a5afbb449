"""The JSON API at /api/v1/: its schema at /api/v1/openapi.json, docs at /api/v1/docs."""

from ninja import NinjaAPI, Swagger
from ninja.renderers import JSONRenderer

from duban.api import errors
from duban.api.auth import AUTH
from duban.api.routes import (
    assignments,
    editor,  # noqa: F401 - registers on plans.router
    imports,
    orgs,
    plans,
    progress,
    publishing,
    supervision,
)

DESCRIPTION = """
督办的 JSON 接口:读取机构、任务清单、任务、报告期、进展报告、指标读数、挂图状态、督办单和公开文件,
填报与审核进展,下发与回复督办单,导入文件。与页面使用同一套权限和业务规则。

- 认证:`Authorization: Bearer dbn_…`(在站内“API 令牌”页创建,只显示一次),或站点的登录会话。
- 列表:`limit`、`offset` 分页,返回 `items` 与 `count`。
- 并发:进展报告的 `ETag` 即其版本;修改时以 `If-Match` 或 `version` 带上,已被他人改过则 412。
- 错误:`{"code": "…", "message": {"zh": "…", "en": "…"}}`,按 `code` 判断。

The JSON API of duban: the same permissions and rules as the pages. Authenticate with a
personal token (`Authorization: Bearer dbn_…`). Lists take `limit`/`offset`. A report's
`ETag` is its version: send it back in `If-Match` (or `version`) when changing it; a newer
report answers 412. Errors carry a stable `code` and the message in Chinese and English.
"""


class Utf8Json(JSONRenderer):
    """Chinese as characters, not \\u escapes: half the bytes, and readable in a terminal."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=Utf8Json(),
    title="督办 duban API",
    version="1",
    description=DESCRIPTION,
    auth=AUTH,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    # a deep link is an <a> inside each operation's button: a control nested in a control
    # (axe nested-interactive, WCAG 4.1.2), which a screen reader cannot reach
    docs=Swagger(settings={"deepLinking": False}),
)
errors.install(api)
# editor's operations are on the plans router (one path, one router): imported, not added
for module in (orgs, plans, progress, supervision, publishing, imports, assignments):
    api.add_router("", module.router)
