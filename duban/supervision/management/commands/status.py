import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from duban.orgs.models import Organization
from duban.supervision.board import bureau_statuses


class Command(BaseCommand):
    help = "Every task of a bureau with its status on a date (duban status)."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="the bureau's full name")
        parser.add_argument("--date", help="YYYY-MM-DD (default today)")
        parser.add_argument("--json", action="store_true")

    def handle(self, org, date=None, json=False, **_):
        bureau = Organization.objects.filter(name=org).first()
        if bureau is None:
            raise CommandError(f"no organization named '{org}'")
        try:
            day = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"--date {date}: 应为 YYYY-MM-DD") from None
        rows = [
            {
                "task_id": item.task.pk,
                "plan": item.task.plan.title,
                "seq": item.task.seq,
                "title": item.task.title,
                "status": str(item.status.label),
                "code": item.status.code,
                "completion": float(item.status.completion)
                if item.status.completion is not None
                else None,
                "pace": float(item.status.pace),
                "reason": item.status.reason,
            }
            for item in bureau_statuses(bureau, day)
        ]
        if json:
            self.stdout.write(_dumps(rows))
            return
        for row in rows:
            done = f"{row['completion']:g}%" if row["completion"] is not None else "—"
            self.stdout.write(
                f"{row['seq'] or '·':>3} {row['status']:<4} 完成 {done:>8} 序时 {row['pace']:g}%"
                f"  {row['title'][:30]}  {row['reason']}"
            )


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
