"""Personal API tokens: made on a page and shown once, kept only as a hash, revocable;
the site's session works too, with its CSRF check."""

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from duban.api.models import ApiToken


def _logged_in(username, **kwargs) -> Client:
    client = Client(HTTP_HOST="127.0.0.1", **kwargs)
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_a_token_made_on_the_page_is_shown_once_and_kept_only_as_its_hash(world):
    client = _logged_in("jiuzhu")
    page = client.post(reverse("tokens"), {"name": "市级平台同步"}).content.decode()
    token = ApiToken.objects.get(name="市级平台同步")
    raw = next(word for word in page.replace('"', " ").split() if word.startswith("dbn_"))
    assert token.digest != raw and raw not in token.digest and token.prefix == raw[:12]
    assert raw not in client.get(reverse("tokens")).content.decode()  # never again
    me = Client(HTTP_HOST="127.0.0.1").get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert me.status_code == 200 and me.json()["username"] == "jiuzhu"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_revoked_token_is_refused_with_a_json_401(world, api):
    caller = api("jiuzhu")
    assert caller.get("/me").status_code == 200
    token = ApiToken.objects.get(user__username="jiuzhu")
    _logged_in("jiuzhu").post(reverse("tokens"), {"revoke": token.pk})
    answer = caller.get("/me")
    assert answer.status_code == 401
    assert answer.json()["code"] == "unauthenticated"
    assert answer["WWW-Authenticate"] == "Bearer"


def test_no_token_or_a_made_up_one_is_401(world, api):
    assert api(None).get("/tasks").status_code == 401
    forged = Client(HTTP_HOST="127.0.0.1").get(
        "/api/v1/tasks", headers={"Authorization": "Bearer dbn_" + "x" * 43}
    )
    assert forged.status_code == 401


def test_one_cannot_revoke_anothers_token(world, api):
    api("jiuzhu").get("/me")
    token = ApiToken.objects.get(user__username="jiuzhu")
    answer = _logged_in("yanglao").post(reverse("tokens"), {"revoke": token.pk})
    assert answer.status_code == 404
    token.refresh_from_db()
    assert token.active


def test_a_token_needs_a_name(world):
    client = _logged_in("jiuzhu")
    client.post(reverse("tokens"), {"name": "  "})
    assert not ApiToken.objects.exists()


def test_a_token_of_a_deactivated_account_stops_working(world, api):
    caller = api("jiuzhu")
    get_user_model().objects.filter(username="jiuzhu").update(is_active=False)
    assert caller.get("/me").status_code == 401


def test_the_site_session_reads_and_writes_with_its_csrf_token(world):
    client = _logged_in("office", enforce_csrf_checks=True)
    assert client.get("/api/v1/me").json()["username"] == "office"
    body = {
        "task_id": world.jiuzhu_task.pk,
        "department_id": 1,
        "body": "x",
        "reply_due": "2023-10-20",
    }
    refused = client.post("/api/v1/notices", body, content_type="application/json")
    assert refused.status_code == 403
    client.get(reverse("tokens"))  # any page sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    department = world.jiuzhu_task.lead_department
    body["department_id"] = department.pk
    made = client.post(
        "/api/v1/notices", body, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert made.status_code == 201, made.content
