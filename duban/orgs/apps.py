from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "duban.orgs"
    verbose_name = "机构与人员"
