from django.apps import AppConfig


class AssignmentsConfig(AppConfig):
    name = "duban.assignments"
    verbose_name = "交办"
