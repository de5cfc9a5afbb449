from django import forms
from django.utils.translation import gettext_lazy as _

from duban.progress.models import SelfStatus


def _items(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ReportEditForm(forms.Form):
    """One task's report for one period: items (per sub-item when the task has them), the
    self-assessment, and a reading for each target. ``version`` is what the editor saw."""

    version = forms.IntegerField(  # without it a save could silently overwrite a newer one
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "required": _("表单缺少版本号,未保存;请刷新页面后重新填写"),
            "invalid": _("表单的版本号无效,未保存;请刷新页面后重新填写"),
            "min_value": _("表单的版本号无效,未保存;请刷新页面后重新填写"),
        },
    )
    self_status = forms.ChoiceField(label=_("自评状态"), choices=SelfStatus.choices)
    lag_reason = forms.CharField(label=_("滞后原因"), required=False)

    def __init__(self, *args, report, children, targets, readings, **kwargs):
        super().__init__(*args, **kwargs)
        self.children, self.targets = children, targets
        progress = list(report.progress_items) if report else []
        if children:
            for i, child in enumerate(children):
                self.fields[f"progress_{child.pk}"] = forms.CharField(
                    label=f"{child.seq} {child.title}",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    initial=progress[i] if i < len(progress) else "",
                )
        else:
            self.fields["plan_items"] = forms.CharField(
                label=_("季度安排(每行一项)"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial="\n".join(report.plan_items) if report else "",
            )
            self.fields["progress_items"] = forms.CharField(
                label=_("季度进展(每行一项)"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial="\n".join(progress),
            )
        for target in targets:
            reading = readings.get(target.pk)
            self.fields[f"reading_{target.pk}"] = forms.CharField(
                label=f"{target.name}({target.unit or '—'})",
                required=False,
                initial=reading.value.normalize() if reading else "",
                help_text=_("目标 %(value)s") % {"value": target.display_value()},
            )
            self.fields[f"evidence_{target.pk}"] = forms.FileField(
                label=_("佐证材料"), required=False
            )
            self.fields[f"as_of_{target.pk}"] = forms.DateField(
                label=_("截至日期"),
                required=False,
                initial=reading.as_of if reading else None,
                widget=forms.DateInput(attrs={"type": "date"}),
            )
        self.fields["version"].initial = report.version if report else 0
        self.fields["self_status"].initial = SelfStatus.IN_PROGRESS
        if report:
            self.fields["self_status"].initial = report.self_status
            self.fields["lag_reason"].initial = report.lag_reason

    def item_fields(self):
        return [self[name] for name in self.fields if name.startswith(("progress_", "plan_items"))]

    def reading_fields(self):
        return [
            (self[f"reading_{t.pk}"], self[f"as_of_{t.pk}"], self[f"evidence_{t.pk}"], t)
            for t in self.targets
        ]

    def clean(self):
        data = super().clean()
        if data.get("self_status") == SelfStatus.LAGGING and not data.get("lag_reason"):
            self.add_error("lag_reason", _("自评为“滞后”时须填写滞后原因"))
        return data

    def report_fields(self) -> dict:
        """The keyword arguments of services.save_report."""
        data = self.cleaned_data
        if self.children:
            plan_items = [child.title for child in self.children]
            progress_items = [data.get(f"progress_{c.pk}", "").strip() for c in self.children]
            while progress_items and not progress_items[-1]:
                progress_items.pop()
        else:
            plan_items = _items(data.get("plan_items", ""))
            progress_items = _items(data.get("progress_items", ""))
        readings = {
            t.pk: (data[f"reading_{t.pk}"], data.get(f"as_of_{t.pk}"), data.get(f"evidence_{t.pk}"))
            for t in self.targets
            if data.get(f"reading_{t.pk}", "").strip()
        }
        return {
            "plan_items": plan_items,
            "progress_items": progress_items,
            "self_status": data["self_status"],
            "lag_reason": data.get("lag_reason", ""),
            "readings": readings,
            "expected_version": data.get("version"),
        }
