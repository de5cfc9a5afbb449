"""The generated province: the sizes asked for, and pages that work on it."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from duban.orgs.models import Organization
from duban.progress.models import Reading
from duban.supervision.scale import Scale


def test_a_small_province_has_every_row_it_promises(client, db):
    out = io.StringIO()
    call_command(
        "generate_province", "--bureaus", "3", "--tasks", "4", "--sub-items", "2",
        "--targets", "2", "--years", "2", stdout=out,
    )  # fmt: skip
    generated = Reading.objects.filter(target__assigned_from__isnull=True)
    assert Scale(3, 4, 2, 2, 2).readings == 3 * 4 * 2 * 2 * 2 * 4 == generated.count()
    assert "readings 384" in out.getvalue()
    # and the task the province handed to all three, accepted, read each quarter of 2020
    handed = Reading.objects.filter(target__assigned_from__isnull=False)
    assert handed.count() == 3 * 4 and {r.as_of.year for r in handed} == {2020}
    assert "assigned 3" in out.getvalue()
    province = Organization.objects.get(name="演示省民政厅")
    bureau = Organization.objects.filter(level="county").first()
    admin = get_user_model().objects.create_superuser("root", password="x")
    client.force_login(admin)
    wall = client.get(reverse("wall", args=[bureau.pk]), {"date": "2020-08-15"})
    assert wall.status_code == 200 and "重点任务4" in wall.content.decode()
    compare = client.get(reverse("compare", args=[province.pk]), {"date": "2020-08-15"})
    assert compare.status_code == 200
    assert compare.content.decode().count("区民政局</a>") == 3


def test_the_wall_benchmark_runs_on_a_generated_province(db, capsys):
    from duban.supervision.bench import main

    call_command("generate_province", "--bureaus", "2", "--tasks", "3", "--sub-items", "1",
                 "--targets", "1", "--years", "1", "--name", "测试省民政厅",
                 stdout=io.StringIO())  # fmt: skip
    assert main(["--bureaus", "2", "--rounds", "2"]) == 0
    out = capsys.readouterr().out
    assert "2019-08-15" in out and "2 bureaus" in out
    for label in ("overview (warm)", "overview (cold)", "roll-up of a task", "comparison"):
        assert label in out
    assert main(["--bureaus", "7"]) == 1  # no province of that size: said so
