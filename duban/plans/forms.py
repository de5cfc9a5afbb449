from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from duban.orgs.models import Department, Person, Role
from duban.plans.models import IndicatorDefinition, Plan, PlanKind, Section, Target, Task


class PlanForm(forms.Form):
    # several forms share a page: each names its fields' ids (plan-title, new-title …)
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "plan-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    title = forms.CharField(label=_("标题"), max_length=200)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("类别"), choices=PlanKind.choices)


class TaskForm(forms.ModelForm):
    """Every field of a task, its section, its leaders (people of the bureau) and its 科室:
    the lead one first, then the others in the order chosen."""

    leaders = forms.ModelMultipleChoiceField(
        label=_("分管领导"), queryset=Person.objects.none(), required=False
    )
    lead_department = forms.ModelChoiceField(
        label=_("牵头科室"), queryset=Department.objects.none(), required=False
    )
    other_departments = forms.ModelMultipleChoiceField(
        label=_("配合科室"), queryset=Department.objects.none(), required=False
    )
    # the version the editor started from: a save over someone else's newer one is refused
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Task
        fields = ["seq", "title", "goal", "section", "business_line", "deadline", "weight"]
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 4}),
            "deadline": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, plan: Plan | None = None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        plan = plan or self.instance.plan
        org = plan.organization
        self.fields["section"].queryset = Section.objects.filter(plan=plan).order_by("order")
        # the bureau's leaders: people with the leader role, and the names read from
        # documents (people without an account or role)
        self.fields["leaders"].queryset = (
            Person.objects.filter(organization=org)
            .filter(Q(memberships__role=Role.LEADER) | Q(memberships__isnull=True))
            .distinct()
            .order_by("name")
        )
        departments = Department.objects.filter(organization=org, is_active=True).order_by("name")
        self.fields["lead_department"].queryset = departments
        self.fields["other_departments"].queryset = departments
        self.fields["weight"].required = False
        if self.instance.pk:
            links = [link.department for link in self.instance.department_links.all()]
            self.initial["leaders"] = list(self.instance.leaders.all())
            self.initial["lead_department"] = links[0] if links else None
            self.initial["other_departments"] = links[1:]
            self.initial["seen"] = str(self.instance.version)


def form_errors(form) -> str:
    """A form's refusals in one line: each field's label and its first error."""
    return "; ".join(
        f"{form.fields[f].label if f in form.fields else ''} {errs[0]}".strip()
        for f, errs in form.errors.items()
    )


def task_people(cleaned: dict) -> list[Department]:
    """The 科室 of a task in order: the lead one, then the others."""
    lead = cleaned.get("lead_department")
    others = [d for d in cleaned.get("other_departments") or [] if d != lead]
    return ([lead] if lead else []) + others


class IndicatorChoice(forms.CharField):
    """A catalogue indicator typed into a search box (the page's list offers every name and
    alias as one types): found by its name as shown, its Chinese name or any alias the
    documents use; blank for none."""

    def __init__(self, *, indicators: list | None = None, **kwargs):
        super().__init__(**kwargs)
        self.indicators = indicators

    def _catalogue(self) -> list:
        if self.indicators is None:
            self.indicators = list(IndicatorDefinition.objects.order_by("name"))
        return self.indicators

    def prepare_value(self, value):
        if isinstance(value, IndicatorDefinition):
            return str(value)
        if isinstance(value, int):
            return next((str(i) for i in self._catalogue() if i.pk == value), "")
        return value

    def to_python(self, value):
        text = " ".join(str(super().to_python(value) or "").split())
        if not text:
            return None
        found = {
            i.pk: i
            for i in self._catalogue()
            if text in (str(i), i.name, i.shown_name_and_unit[0], str(i.pk), *i.aliases)
        }
        if len(found) == 1:
            return next(iter(found.values()))
        if found:
            names = "、".join(sorted(str(i) for i in found.values()))
            raise ValidationError(
                _("“%(text)s”可指 %(names)s,请选定一个") % {"text": text, "names": names}
            )
        raise ValidationError(
            _("标准指标中没有“%(text)s”:请从列表中选择,或留空") % {"text": text[:50]}
        )


class TargetForm(forms.ModelForm):
    """A target on a task or sub-item; no value makes it a monitored figure (监测指标)."""

    class Meta:
        model = Target
        fields = ["name", "unit", "comparator", "value", "value_max", "due_date", "indicator"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, indicators: list | None = None, **kwargs):
        """``indicators``: the catalogue read once for a page of many target forms."""
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        model_field = Target._meta.get_field("indicator")
        self.fields["indicator"] = IndicatorChoice(
            indicators=indicators,
            required=False,
            label=model_field.verbose_name,
            help_text=_("输入名称或别名搜索,如“低保标准”“养老床位”;留空为不关联"),
            widget=forms.TextInput(attrs={"list": CATALOGUE_LIST, "autocomplete": "off"}),
        )


CATALOGUE_LIST = "indicator-catalogue"  # the page's one <datalist> of the catalogue


def indicator_aliases(indicator) -> str:
    """The other names documents use for it, shown beside it in the search list."""
    if not (get_language() or "").startswith("zh"):
        return ""  # the aliases are the Chinese documents' spellings
    return "、".join(indicator.aliases[:4])
