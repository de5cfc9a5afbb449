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
    assert Scale(3, 4, 2, 2, 2).readings == 3 * 4 * 2 * 2 * 2 * 4 == Reading.objects.count()
    assert "readings 384" in out.getvalue()
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
    assert main(["--rounds", "2", "--date", "2019-08-15", "--province", "测试省民政厅"]) == 0
    out = capsys.readouterr().out
    for label in ("bureau wall", "province overview", "indicator comparison"):
        assert label in out
