"""The kept table of readings by catalogue indicator and bureau (IndicatorReading), in
step with the readings: a reading saved or a target's indicator changed rewrites its rows
at once, in the same transaction; deletions cascade. Bulk loads (``duban generate``, the
migration) call ``rebuild`` with one INSERT … SELECT."""

from django.db import connection
from django.db.models.signals import post_save

from duban.plans.models import Target
from duban.progress.models import Reading
from duban.supervision.models import IndicatorReading


def sync(readings) -> None:
    """Rewrite the kept rows of these readings (a queryset)."""
    IndicatorReading.objects.filter(reading__in=readings.values("pk")).delete()
    IndicatorReading.objects.bulk_create(
        IndicatorReading(reading_id=pk, indicator_id=ind, organization_id=org, as_of=as_of)
        for pk, ind, org, as_of in readings.filter(target__indicator__isnull=False).values_list(
            "pk", "target__indicator_id", "target__task__plan__organization_id", "as_of"
        )
    )


def rebuild(organization_ids: list[int] | None = None) -> None:
    """Fill the kept table from the readings, of some bureaus or of all, in one statement."""
    where, params = "", []
    if organization_ids is not None:
        marks = ", ".join(["%s"] * len(organization_ids))
        where, params = f"AND p.organization_id IN ({marks})", list(organization_ids)
        IndicatorReading.objects.filter(organization_id__in=organization_ids).delete()
    else:
        IndicatorReading.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO supervision_indicatorreading (reading_id, indicator_id,
                    organization_id, as_of)
                SELECT r.id, t.indicator_id, p.organization_id, r.as_of
                FROM progress_reading r
                JOIN plans_target t ON t.id = r.target_id
                JOIN plans_task k ON k.id = t.task_id
                JOIN plans_plan p ON p.id = k.plan_id
                WHERE t.indicator_id IS NOT NULL {where}""",  # noqa: S608 - only placeholders
            params,
        )


def _on_reading(sender, instance, raw=False, **kwargs):
    if not raw:
        sync(Reading.objects.filter(pk=instance.pk))


def _on_target(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:  # a new target has no readings yet
        sync(Reading.objects.filter(target=instance))


def connect() -> None:
    post_save.connect(_on_reading, sender=Reading, dispatch_uid="figures-reading")
    post_save.connect(_on_target, sender=Target, dispatch_uid="figures-target")
