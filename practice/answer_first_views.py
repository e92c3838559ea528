"""Answer first, on the practice page: the toggle, and a typed answer sent
before the reveal. A plain form POST each, then back to the practice page
(which shows the feedback: `answer_first_context`), so it works without
JavaScript."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from questions.models import Question

from . import model_checks
from .forms import FilterForm
from .models import MAX_TYPED_ANSWER_LENGTH, ReviewLog
from .owners import owner_for
from .typed_answers import answer_first_on, feedback_on, keep_typed_answer, set_answer_first, typed_answer_for


class TypedAnswerForm(FilterForm):
    question = forms.IntegerField(min_value=1)
    shown = forms.CharField(required=False, max_length=200)
    text = forms.CharField(
        label=gettext_lazy("Your answer, before you look"),
        max_length=MAX_TYPED_ANSWER_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean_text(self):
        text = self.cleaned_data["text"].replace("\x00", "")
        if not text.strip():
            raise forms.ValidationError(_("Type an answer first, or just show the answer."))
        return text


def _practice_url(filters, **extra) -> str:
    params = {**filters.as_params(), **{key: value for key, value in extra.items() if value}}
    return reverse("practice:home") + (f"?{urlencode(params)}" if params else "")


@require_POST
def toggle_answer_first(request):
    set_answer_first(request.session, request.POST.get("on") == "1")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("practice:home")
    return redirect(target)


@require_POST
def submit_typed_answer(request):
    form = TypedAnswerForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(str(error) for errors in form.errors.values() for error in errors)
        messages.error(request, _("Your answer was not checked: %(errors)s") % {"errors": errors})
        return redirect(_practice_url(FilterForm(request.POST).filters()))
    question = get_object_or_404(Question.objects.published(), pk=form.cleaned_data["question"])
    typed = keep_typed_answer(owner_for(request, create=True), question, form.cleaned_data["text"])
    return redirect(_practice_url(form.filters(), typed=typed.pk, shown=form.cleaned_data["shown"]))


def answer_first_context(request, owner, question) -> dict:
    """What the practice card shows of answer first: the toggle, the box
    (before the reveal), or the feedback on the typed answer `?typed=` names
    (after it) with the suggested grade; the key points' checklist otherwise."""
    context = {"answer_first": answer_first_on(request.session), "key_points": question.parsed_key_points()}
    typed = typed_answer_for(owner, question, request.GET.get("typed"))
    if typed is None:
        # The box's label and length, from the form's class: an instance
        # (deep copies of every field) was 4 % of the practice page's CPU.
        context["typed_answer_field"] = TypedAnswerForm.base_fields["text"]
        return context
    feedback = feedback_on(typed, question)
    context.update(typed_answer=typed, feedback=feedback if feedback.verdicts else None)
    # The language model's second opinion, when configured (practice.model_checks).
    context.update(typed_model=model_checks.view_for(typed), typed_can_ask_model=model_checks.can_ask(typed))
    if feedback.verdicts:
        context["suggested_grade"] = feedback.suggested_grade
        context["suggested_label"] = ReviewLog.Rating(feedback.suggested_grade).label
    # The time to grade counts from when the question was first shown.
    if shown := request.GET.get("shown", "")[:200]:
        context["shown"] = shown
    return context
