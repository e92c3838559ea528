from django import forms
from django.utils.translation import gettext_lazy as _

from questions.models import Category, Question

from .models import (
    DEFAULT_DAILY_NEW,
    MAX_DAILY_NEW,
    MAX_MOCK_ANSWER_LENGTH,
    MAX_MOCK_QUESTIONS,
    MAX_NOTE_LENGTH,
    ReviewLog,
)
from .queue import Filters

# Slugs are short; anything longer cannot name a category, tag or source.
MAX_SLUG_LENGTH = 200


class FilterForm(forms.Form):
    """The practice page's narrowing, from its URL (?category=concept)."""

    category = forms.SlugField(required=False, max_length=MAX_SLUG_LENGTH)
    difficulty = forms.ChoiceField(required=False, choices=[("", ""), *Question.Difficulty.choices])
    tag = forms.CharField(required=False, max_length=MAX_SLUG_LENGTH)
    source = forms.CharField(required=False, max_length=MAX_SLUG_LENGTH)

    def filters(self) -> Filters:
        if not self.is_valid():
            return Filters(unreadable=True)
        data = self.cleaned_data
        return Filters(
            category=data["category"],
            difficulty=data["difficulty"],
            tag=data["tag"].replace("\x00", ""),
            source=data["source"].replace("\x00", ""),
        )


class GradeForm(FilterForm):
    question = forms.IntegerField(min_value=1)
    rating = forms.TypedChoiceField(choices=ReviewLog.Rating.choices, coerce=int)
    shown = forms.CharField(required=False, max_length=200)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Your private note"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SettingsForm(forms.Form):
    daily_new_limit = forms.IntegerField(
        label=_("New questions per day"),
        min_value=0,
        max_value=MAX_DAILY_NEW,
        initial=DEFAULT_DAILY_NEW,
        help_text=_("Due reviews are always shown; this limits how many unseen questions a day brings."),
    )


class MockInterviewForm(forms.Form):
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None chosen: all categories."),
    )
    question_count = forms.IntegerField(
        label=_("Number of questions"), min_value=1, max_value=MAX_MOCK_QUESTIONS, initial=5
    )
    minutes_per_question = forms.IntegerField(
        label=_("Minutes per question"),
        min_value=1,
        max_value=60,
        initial=5,
        required=False,
        help_text=_("When the time runs out the question ends. Leave empty for no time limit."),
    )


class MockAnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"),
        required=False,
        max_length=MAX_MOCK_ANSWER_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12}),
    )


class MockGradeForm(forms.Form):
    rating = forms.TypedChoiceField(choices=ReviewLog.Rating.choices, coerce=int)
