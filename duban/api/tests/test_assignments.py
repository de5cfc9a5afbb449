"""交办, 签收 and 批示 over the API: the city hands a task down, a bureau accepts it, the
city reads how it is doing; a 批示 is answered; others' ids are missing."""

from duban.orgs import services as orgs
from duban.orgs.models import Role


def _city_office(world):
    clerk = orgs.add_person(
        world.city, actor=None, name="市局办公室", username="city_office", password="x-Pass-12345"
    )
    orgs.grant_role(clerk, actor=None, role=Role.OFFICE, organization=world.city)


BODY = {
    "title": "新建老年助餐点",
    "due_on": "2099-11-30",
    "section_title": "市民政局重点工作任务",
    "targets": [{"name": "老年助餐点", "unit": "个", "value": 5}],
}


def test_handed_down_accepted_and_followed_over_the_api(api, world):
    _city_office(world)
    city = api("city_office")
    made = city.post(
        "/assignments",
        {**BODY, "organization_id": world.city.pk,
         "to_organization_ids": [world.bureau.pk, world.sibling.pk]},
    )  # fmt: skip
    assert made.status_code == 201, made.content
    items = {i["organization_id"]: i for i in made.json()["items"]}
    assert {i["state"] for i in items.values()} == {"pending"}
    mine = items[world.bureau.pk]["id"]
    office = api("office")
    assert office.get(f"/assignments/{items[world.sibling.pk]['id']}").status_code == 404
    accepted = office.post(f"/assignments/{mine}/accept", {"plan_id": world.plan.pk})
    assert accepted.status_code == 200, accepted.content
    task_id = accepted.json()["task_id"]
    again = office.post(f"/assignments/{mine}/accept", {"plan_id": world.plan.pk})
    assert again.status_code == 422 and again.json()["code"] == "already_accepted"
    seen = city.get(f"/assignments/{mine}").json()
    assert (seen["state"], seen["task_id"], seen["status"]) == ("accepted", task_id, "no_data")
    declined = api("other_office").post(
        f"/assignments/{items[world.sibling.pk]['id']}/decline", {"reason": "不属于本局职责"}
    )
    assert declined.json()["state"] == "declined"
    listed = city.get("/assignments").json()
    assert listed["count"] == 2


def test_only_a_bureau_above_hands_down_and_only_below(api, world):
    _city_office(world)
    refused = api("city_office").post(
        "/assignments", {**BODY, "to_organization_ids": [world.elsewhere.pk]}
    )
    assert refused.status_code == 404  # another province's bureau: not even seen
    office = api("office").post(
        "/assignments",
        {**BODY, "organization_id": world.bureau.pk, "to_organization_ids": [world.sibling.pk]},
    )
    assert office.status_code in (403, 404)


def test_an_instruction_answered_over_the_api(api, world):
    leader = api("leader")
    made = leader.post(f"/tasks/{world.jiuzhu_task.pk}/instructions", {"text": "抓紧推进"})
    assert made.status_code == 201, made.content
    reply = api("jiuzhu").post(f"/instructions/{made.json()['id']}/replies", {"text": "已完成监测"})
    assert reply.status_code == 201
    listed = leader.get(f"/tasks/{world.jiuzhu_task.pk}/instructions").json()["items"]
    assert [r["text"] for r in listed[0]["replies"]] == ["已完成监测"]
    assert api("outsider").get(f"/tasks/{world.jiuzhu_task.pk}/instructions").status_code == 404
    assert (
        api("office").post(f"/tasks/{world.jiuzhu_task.pk}/instructions", {"text": "x"}).status_code
        == 403
    )


def test_accepted_into_a_chosen_section_and_not_another_bureaus(api, world):
    _city_office(world)
    made = api("city_office").post(
        "/assignments",
        {**BODY, "organization_id": world.city.pk, "to_organization_ids": [world.bureau.pk]},
    )
    mine = made.json()["items"][0]["id"]
    office = api("office")
    sibling_section = world.sibling_task.plan.sections.create(title="郎溪的来源", order=1)
    foreign = office.post(
        f"/assignments/{mine}/accept", {"plan_id": world.plan.pk, "section_id": sibling_section.pk}
    )
    assert foreign.status_code == 404  # another bureau's section is not seen
    section = world.jiuzhu_task.section
    accepted = office.post(
        f"/assignments/{mine}/accept", {"plan_id": world.plan.pk, "section_id": section.pk}
    )
    assert accepted.status_code == 200, accepted.content
    from duban.plans.models import Task

    assert Task.objects.get(pk=accepted.json()["task_id"]).section == section
