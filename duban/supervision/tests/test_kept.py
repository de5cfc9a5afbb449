"""What is kept for the superior pages at scale: readings by catalogue indicator (in step
with every write) and status counts (judged within a page's budget, the rest by the
worker), checked against the data they are kept from."""

import datetime

from django.db.models import F

from duban.orgs.models import Organization
from duban.plans.models import IndicatorDefinition
from duban.progress import services as progress
from duban.supervision import figures, tally
from duban.supervision.models import IndicatorReading, StatusTally

DAY = datetime.date(2023, 7, 1)


def _kept():
    return set(
        IndicatorReading.objects.values_list(
            "reading_id", "indicator_id", "organization_id", "as_of"
        )
    )


def _read(world, value, as_of=datetime.date(2023, 6, 30)):
    period = world.plan.periods.filter(code="2023Q2").first() or progress.open_period(
        world.plan, actor=None, code="2023Q2"
    )
    target = world.jiuzhu_task.targets.get()
    progress.save_report(
        world.jiuzhu_task, period, actor=None, readings={target.pk: (value, as_of)}
    )
    return target


def test_a_reading_of_a_catalogue_indicator_is_kept_with_its_bureau(world, target):
    carers = IndicatorDefinition.objects.get(code="certified-carers")
    _read(world, 3)
    assert _kept() == set()  # the target has no catalogue indicator yet
    target.indicator = carers
    target.save()
    reading = target.readings.get()
    assert _kept() == {(reading.pk, carers.pk, world.bureau.pk, datetime.date(2023, 6, 30))}
    _read(world, 4, datetime.date(2023, 6, 15))  # the draft's reading changes its day
    assert _kept() == {(reading.pk, carers.pk, world.bureau.pk, datetime.date(2023, 6, 15))}
    kept_by_signals = _kept()
    figures.rebuild()  # the bulk way gives the same rows
    assert _kept() == kept_by_signals
    target.indicator = None
    target.save()
    assert _kept() == set()
    target.indicator = carers
    target.save()
    reading.delete()
    assert _kept() == set()


def test_a_page_judges_within_its_budget_and_marks_the_rest(world):
    orgs = [world.bureau, world.sibling]
    counted = tally.tallies(orgs, DAY)
    assert all(t.fresh and t.day == DAY for t in counted.values())
    bureau_tasks = sum(counted[world.bureau.pk].counts.values())
    assert bureau_tasks == world.plan.tasks.filter(parent=None).count()
    Organization.objects.update(revision=F("revision") + 1)  # every bureau changed
    orgs = list(Organization.objects.filter(pk__in=[o.pk for o in orgs]))
    marked = tally.tallies(orgs, DAY, budget_ms=-1)  # no time at all: nothing judged
    assert not any(t.fresh for t in marked.values())
    assert marked[world.bureau.pk].day == DAY  # its last counts, said to be of that day
    assert sum(marked[world.bureau.pk].counts.values()) == bureau_tasks
    # a day never counted: nothing to show yet, said so
    never = tally.tallies(orgs, DAY - datetime.timedelta(days=400), budget_ms=-1)
    assert all(t.day is None and not t.fresh for t in never.values())
    # the worker's round counts what the page left, once
    assert tally.refresh(DAY, orgs) == 2
    assert tally.refresh(DAY, orgs) == 0
    assert all(t.fresh for t in tally.tallies(orgs, DAY, budget_ms=-1).values())


def test_the_nightly_command_counts_every_bureau(world):
    from django.core.management import call_command

    call_command("tally", "--date", "2023-07-01")
    assert StatusTally.objects.filter(day=DAY).count() == Organization.objects.count()
