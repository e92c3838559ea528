from dataclasses import replace

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from questions.models import Category, Question, Tag

from .interview import MAX_DAYS_AHEAD
from .models import MAX_MOCK_ANSWER_LENGTH, MAX_MOCK_QUESTIONS, MAX_NOTE_LENGTH, ReviewLog
from .preferences import MAX_SCOPE, Preferences, StepsError, parse_steps
from .queue import Filters
from .settings_model import (
    DEFAULT_DAILY_NEW,
    DEFAULT_DAILY_REVIEWS,
    DEFAULT_LEARNING_STEPS,
    DEFAULT_RETENTION,
    MAX_DAILY_NEW,
    MAX_DAILY_REVIEWS,
    MAX_RETENTION,
    MAX_STEPS_LENGTH,
    MIN_RETENTION,
)

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


def filter_form_for(query) -> FilterForm | None:
    """The practice page's FilterForm for `query`, or None when the query asks
    for no narrowing (most requests): a form deep-copies each of its fields
    when it is built."""
    if any(name in query for name in FilterForm.base_fields):
        return FilterForm(query)
    return None


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
        help_text=_("This limits how many unseen questions a day brings."),
    )
    daily_review_limit = forms.IntegerField(
        label=_("Reviews per day"),
        min_value=0,
        max_value=MAX_DAILY_REVIEWS,
        initial=DEFAULT_DAILY_REVIEWS,
        help_text=_(
            "Past this many grades in a day, cards in review wait for tomorrow; learning steps go on."
        ),
    )
    desired_retention = forms.FloatField(
        label=_("Desired retention"),
        min_value=MIN_RETENTION,
        max_value=MAX_RETENTION,
        initial=DEFAULT_RETENTION,
        widget=forms.NumberInput(attrs={"step": "0.01"}),
        help_text=_(
            "The chance of recalling a card when it comes back (0.70–0.99): higher means more reviews."
        ),
    )
    learning_steps = forms.CharField(
        label=_("Learning steps"),
        max_length=MAX_STEPS_LENGTH,
        required=False,
        initial=DEFAULT_LEARNING_STEPS,
        help_text=_(
            "When a new or forgotten card comes back while learning, like “1m 10m” (minutes, hours or days; 1m–1d)."
        ),
    )
    hide_difficulty = forms.BooleanField(
        label=_("Hide the difficulty while practising"),
        required=False,
        help_text=_("So that the label does not tell you how hard to find it."),
    )

    def clean_learning_steps(self) -> str:
        text = " ".join(self.cleaned_data["learning_steps"].split())
        try:
            parse_steps(text)
        except StepsError as error:
            raise forms.ValidationError(str(error)) from error
        return text

    def preferences(self, current: Preferences) -> Preferences:
        return replace(current, **self.cleaned_data)


class InterviewForm(forms.Form):
    """An interview's date and scope (practice.interview)."""

    interview_date = forms.DateField(
        label=_("Interview date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    interview_categories = forms.ModelMultipleChoiceField(
        label=_("Categories"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None chosen and no tags: the whole bank."),
    )
    interview_tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=1000,
        help_text=_("Tag names or slugs, separated by commas."),
    )

    def clean_interview_date(self):
        day = self.cleaned_data["interview_date"]
        today = timezone.localdate()
        if day <= today:
            raise forms.ValidationError(_("Choose a day after today."))
        if (day - today).days > MAX_DAYS_AHEAD:
            raise forms.ValidationError(_("Choose a day within a year."))
        return day

    def clean_interview_categories(self) -> tuple[str, ...]:
        return tuple(category.slug for category in self.cleaned_data["interview_categories"])

    def clean_interview_tags(self) -> tuple[str, ...]:
        names = [name.strip() for name in self.cleaned_data["interview_tags"].split(",") if name.strip()]
        if len(names) > MAX_SCOPE:
            raise forms.ValidationError(_("At most %(n)s tags.") % {"n": MAX_SCOPE})
        found = dict(Tag.objects.filter(Q(slug__in=names) | Q(name__in=names)).values_list("name", "slug"))
        slugs = set(found.values())
        unknown = [name for name in names if name not in found and name not in slugs]
        if unknown:
            raise forms.ValidationError(_("No such tag: %(names)s") % {"names": ", ".join(unknown)})
        return tuple(sorted(slugs))

    def preferences(self, current: Preferences) -> Preferences:
        return replace(current, **self.cleaned_data)


class CustomStudyForm(FilterForm):
    """A session outside the schedule: what to look at again, and in which
    order."""

    lowest_recall = forms.BooleanField(
        label=_("Lowest recall first"),
        required=False,
        help_text=_("Only cards you have seen, the ones you are most likely to have forgotten first."),
    )
    position = forms.IntegerField(required=False, min_value=0, max_value=10_000)


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
