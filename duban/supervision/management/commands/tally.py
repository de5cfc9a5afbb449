import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from duban.supervision.tally import refresh_tallies_task


class Command(BaseCommand):
    help = (
        "Count every bureau's task statuses for the day (duban tally), so that the city and "
        "province overview opens on kept counts: run nightly, after midnight, by a timer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to count, YYYY-MM-DD (default today)")

    def handle(self, date=None, **_):
        if date:
            try:
                datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"--date {date}: 应为 YYYY-MM-DD") from None
        start = time.perf_counter()
        result = refresh_tallies_task.enqueue(day=date)
        if not result.is_finished:
            self.stdout.write(f"已加入后台任务队列({result.id})")
        elif result.errors:
            raise CommandError(f"统计失败:{result.errors[-1].exception_class_path}")
        else:
            seconds = time.perf_counter() - start
            self.stdout.write(f"已统计 {result.return_value} 个单位(用时 {seconds:.1f} 秒)")
