from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "duban.ops"
    verbose_name = "运维"
