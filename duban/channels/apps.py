from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "duban.channels"
    label = "channels"
    verbose_name = "消息渠道"
