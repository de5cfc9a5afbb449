from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "duban.publishing"
    verbose_name = "政府信息公开"
