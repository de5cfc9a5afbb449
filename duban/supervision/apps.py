from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "duban.supervision"
    verbose_name = "督办"

    def ready(self):
        from duban.supervision import figures, tally

        tally.connect()
        figures.connect()
