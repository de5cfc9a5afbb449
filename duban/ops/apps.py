from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class OpsConfig(AppConfig):
    name = "duban.ops"
    verbose_name = _("运维")


# The admin names each app by its verbose name; the libraries' own read "AXES" and
# "TASKS DATABASE BACKEND" on a Chinese site.
class LoginProtectionConfig(AxesConfig):
    verbose_name = _("登录保护")


class BackgroundTasksConfig(TasksAppConfig):
    verbose_name = _("后台任务")
