from django import forms

from duban.plans.models import Task


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["seq", "title", "goal", "business_line", "deadline", "weight"]
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 5}),
            "deadline": forms.DateInput(attrs={"type": "date"}),
        }
