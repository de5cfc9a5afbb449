"""The form that hands a task down. Targets are rows of the page (name, unit, comparator,
value, catalogue indicator, values per bureau); their numbers are checked by the service,
with the one rule of values.py that every entry shares."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AssignmentForm(forms.Form):
    title = forms.CharField(label=_("交办事项"), max_length=500)
    goal = forms.CharField(
        label=_("工作目标"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    due_on = forms.DateField(
        label=_("完成时限"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("日期格式应为 2023-10-20")},
    )
    section_title = forms.CharField(
        label=_("在承办单位清单中的任务来源"),
        max_length=200,
        help_text=_("如“市民政局重点工作任务”;签收时放入该来源,清单中没有则新建"),
    )
    note = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    to = forms.MultipleChoiceField(
        label=_("承办单位"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一个下级单位")},
    )

    def __init__(self, *args, bureaus, source=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(str(b.pk), b.name) for b in bureaus]
        if source is not None and not self.is_bound:
            self.initial.update(
                title=source.title,
                goal=source.goal,
                section_title=f"{source.plan.organization.name}重点工作任务",
            )
            if source.deadline:
                self.initial["due_on"] = source.deadline


def targets_from(post) -> list[dict]:
    """The target rows posted (target-N-name …), kept in order, blank rows kept so the
    page shows back what was typed."""
    rows = []
    for n in range(20):
        prefix = f"target-{n}-"
        if prefix + "name" not in post:
            continue
        comparator = post.get(prefix + "comparator", ">=")  # a bad one is the service's to refuse
        rows.append(
            {
                "name": post.get(prefix + "name", "").strip(),
                "unit": post.get(prefix + "unit", "").strip(),
                "comparator": comparator,
                "value": post.get(prefix + "value", "").strip(),
                "indicator": post.get(prefix + "indicator", ""),
                "per_bureau": post.get(prefix + "per_bureau", ""),
            }
        )
    return rows
