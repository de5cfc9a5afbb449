from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "duban.supervision"
    verbose_name = "督办"
