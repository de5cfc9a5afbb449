"""Every error is JSON with a stable code and the message in Chinese and in English."""

from django.test import Client


def test_an_unknown_address_is_a_json_404(world, api):
    answer = api("office").get("/no-such-thing")
    assert answer.status_code == 404 and answer.json()["code"] == "not_found"


def test_messages_come_in_chinese_and_english(world, api):
    message = api("office").get("/tasks/999999").json()["message"]
    assert message == {"zh": "不存在,或您无权查看", "en": "Not found, or you may not see it"}


def test_a_refusal_of_a_service_is_translated_with_its_figures(world, api):
    from duban.progress import services

    period = services.open_period(world.plan, actor=None, code="2023Q3")
    services.set_period_open(period, actor=None, is_open=False)
    answer = api("jiuzhu").post(
        "/reports", {"task_id": world.jiuzhu_task.pk, "period_id": period.pk}
    )
    assert answer.status_code == 422
    assert answer.json()["code"] == "period_closed"
    assert answer.json()["message"] == {
        "zh": "报告期 2023Q3 已关闭填报",
        "en": "Reporting period 2023Q3 is closed",
    }


def test_input_off_the_schema_names_the_fields(world, api):
    answer = api("office").post("/reports", {"task_id": "one"})
    assert answer.status_code == 422
    error = answer.json()
    assert error["code"] == "invalid_input"
    assert {tuple(f["loc"][-1:]) for f in error["fields"]} >= {("task_id",), ("period_id",)}


def test_a_body_that_is_not_json_is_400(world, api):
    caller = api("office")
    answer = caller.client.post(
        "/api/v1/reports", "{not json", content_type="application/json", headers=caller.headers
    )
    assert answer.status_code == 400 and answer.json()["code"] == "malformed_body"


def test_the_schema_and_the_docs_are_served(world):
    client = Client(HTTP_HOST="127.0.0.1")
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/reports/{report_id}" in schema["paths"]
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and b"swagger-ui" in docs.content
    assert b"cdn." not in docs.content  # served from the package, works offline
