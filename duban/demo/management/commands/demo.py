from django.core.management import call_command
from django.core.management.base import BaseCommand

from duban.demo import data


class Command(BaseCommand):
    help = "创建演示机构并导入五份种子文件(已存在则跳过)"

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if data.demo_loaded():
            self.stdout.write("演示数据已存在,跳过导入。")
            logins = data.demo_logins()
        else:
            logins = data.load_demo()
        self.stdout.write(f"演示账号(密码均为 {data.PASSWORD}):")
        for login in logins:
            self.stdout.write(f"  {login.username:<10} {login.role:<8} {login.where}")
