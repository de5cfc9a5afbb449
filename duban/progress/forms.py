from django import forms
from django.utils.translation import gettext_lazy as _

from duban.progress.models import Period, SelfStatus


def _items(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ReportForm(forms.Form):
    period = forms.ModelChoiceField(label=_("报告期"), queryset=Period.objects.none())
    plan_items = forms.CharField(
        label=_("季度安排(每行一项)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    progress_items = forms.CharField(
        label=_("季度进展(每行一项)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    self_status = forms.ChoiceField(label=_("自评状态"), choices=SelfStatus.choices)
    lag_reason = forms.CharField(label=_("滞后原因"), required=False)

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods

    def clean(self):
        data = super().clean()
        data["plan_items"] = _items(data.get("plan_items", ""))
        data["progress_items"] = _items(data.get("progress_items", ""))
        if data.get("self_status") == SelfStatus.LAGGING and not data.get("lag_reason"):
            self.add_error("lag_reason", _("自评为“滞后”时须填写滞后原因"))
        return data
