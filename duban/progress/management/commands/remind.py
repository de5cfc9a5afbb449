import datetime

from django.core.management.base import BaseCommand, CommandError

from duban.progress.reminders import send_reminders_task


class Command(BaseCommand):
    help = "Send the reminders of reporting periods that are due (duban remind); run it daily."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to act as today, YYYY-MM-DD")

    def handle(self, date=None, **_):
        if date:
            try:
                datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"--date {date}: 应为 YYYY-MM-DD") from None
        result = send_reminders_task.enqueue(today=date)
        if not result.is_finished:
            self.stdout.write(f"已加入后台任务队列({result.id})")
        elif result.errors:
            raise CommandError(f"发送提醒失败:{result.errors[-1].exception_class_path}")
        else:
            self.stdout.write(f"已发送 {result.return_value} 条提醒")
