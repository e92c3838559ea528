"""Mock interview pages; each looks its interview up through its owner."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from questions.markdown.page_scripts import PageScripts
from questions.models import Question

from . import mock, mock_feedback, model_check_views
from .forms import MockAnswerForm, MockGradeForm, MockInterviewForm
from .models import MockInterview, ReviewLog
from .owners import owner_for

RECENT_INTERVIEWS = 20


def _get_interview_for_user(request, pk) -> MockInterview:
    interviews = MockInterview.objects.owned_by(owner_for(request))
    return get_object_or_404(interviews, pk=pk)


def _answers(interview):
    # An unpublished or archived question leaves the interview at once.
    published = interview.answers.filter(question__status=Question.Status.PUBLISHED)
    return list(published.select_related("question__category"))


def new_interview(request):
    owner = owner_for(request)
    if request.method == "POST":
        form = MockInterviewForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                interview = mock.start(
                    owner_for(request, create=True),
                    list(data["categories"]),
                    data["question_count"],
                    (data["minutes_per_question"] or 0) * 60,
                )
            except mock.NoQuestions:
                form.add_error("categories", _("There are no published questions in these categories yet."))
            else:
                return redirect("practice:mock", interview.pk)
    else:
        form = MockInterviewForm()
    recent = MockInterview.objects.owned_by(owner)[:RECENT_INTERVIEWS]
    return render(request, "practice/mock_new.html", {"form": form, "recent": recent})


def interview(request, pk):
    """Where the interview stands: the current question, or the summary."""
    interview = _get_interview_for_user(request, pk)
    answers = _answers(interview)
    answer = mock.current(interview, answers)
    if interview.is_finished or answer is None:
        return redirect("practice:mock_summary", interview.pk)
    mock.open_question(interview, answer)
    context = _question_context(interview, answer, answers)
    return context["page_scripts"].apply_policy(render(request, "practice/mock_question.html", context))


def _question_context(interview, answer, answers, form=None) -> dict:
    context = {
        "interview": interview,
        "answer": answer,
        "total": len(answers),
        "question": answer.question,
        "form": form or MockAnswerForm(initial={"text": answer.text}),
        "ratings": ReviewLog.Rating.choices,
        # What the page shows: the prompt, then once submitted the model
        # answer and the candidate's own, each with its diagrams and Run.
        "page_scripts": PageScripts.for_html(answer.question.body_html),
    }
    if answer.submitted_at is not None:
        context["checked"] = mock_feedback.feedback_for(answer)
        question = answer.question
        context["page_scripts"] = PageScripts.for_html(
            question.body_html, question.answer_html, question.explanation_html, answer.text_html
        )
    ends = mock.deadline(interview, answer)
    if ends is not None:
        context["deadline"] = ends.timestamp()
    return context


def _current_answer(interview, position):
    answers = _answers(interview)
    answer = mock.current(interview, answers)
    if interview.is_finished or answer is None or answer.position != position:
        raise Http404  # a stale form for a question already graded
    return answer, answers


@require_POST
def submit_answer(request, pk, position):
    interview = _get_interview_for_user(request, pk)
    answer, answers = _current_answer(interview, position)
    form = MockAnswerForm(request.POST)
    if not form.is_valid():
        context = _question_context(interview, answer, answers, form)
        response = render(request, "practice/mock_question.html", context, status=400)
        return context["page_scripts"].apply_policy(response)
    mock.submit(interview, answer, form.cleaned_data["text"])
    return redirect("practice:mock", interview.pk)


@require_POST
def grade_answer(request, pk, position):
    interview = _get_interview_for_user(request, pk)
    answer, answers = _current_answer(interview, position)
    form = MockGradeForm(request.POST)
    if answer.submitted_at is None or not form.is_valid():
        messages.error(request, _("Answer the question before grading it."))
        return redirect("practice:mock", interview.pk)
    mock.grade(owner_for(request), interview, answer, form.cleaned_data["rating"], answers)
    return redirect("practice:mock", interview.pk)


@require_POST
def ask_model(request, pk, position):
    """Queue the language model's check of one submitted answer; back to
    the page that asked (the question or the summary), which waits for it."""
    interview = _get_interview_for_user(request, pk)
    answer = get_object_or_404(
        interview.answers.select_related("question").filter(question__status=Question.Status.PUBLISHED),
        position=position,
    )
    model_check_views.ask_model(request, answer)
    if request.POST.get("back") == "summary":
        return redirect(f"{reverse('practice:mock_summary', args=[interview.pk])}#answer-{position}")
    return redirect("practice:mock", interview.pk)


@require_POST
def finish_interview(request, pk):
    interview = _get_interview_for_user(request, pk)
    mock.finish(interview)
    return redirect("practice:mock_summary", interview.pk)


def summary(request, pk):
    interview = _get_interview_for_user(request, pk)
    answers = _answers(interview)
    checked = [mock_feedback.feedback_for(answer) for answer in answers]
    context = {
        "interview": interview,
        "answers": answers,
        "report": mock.report(interview, answers),
        "checked": checked,
        "review_next": mock_feedback.review_next(checked),
        # The candidate's own answers, with their Run buttons.
        "page_scripts": PageScripts.for_html(*(answer.text_html for answer in answers)),
    }
    return context["page_scripts"].apply_policy(render(request, "practice/mock_summary.html", context))
