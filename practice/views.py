"""The practice page, grading, bookmarks, notes and settings. Every row is
looked up through its owner (`_get_…_for_user`), so another learner's ids
answer 404."""

from django.contrib import messages
from django.core import signing
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from questions.markdown.page_scripts import PageScripts
from questions.models import Question

from . import preferences, queue, scheduling, shared, timewords
from . import today as learners_day
from .answer_first_views import answer_first_context
from .forms import FilterForm, GradeForm, NoteForm, SettingsForm, filter_form_for
from .interview import Interview
from .models import Bookmark, Note, ReviewLog
from .owners import owner_for
from .parameters_views import parameters_context
from .state import state_of

SHOWN_SALT = "practice.shown"
LIST_PAGE_SIZE = 50
# What a list of bookmarks or notes shows of each question: its link, title
# and category, not its body, answer and explanation (and their HTML), which
# were most of the bytes of a page of 50.
LISTED_QUESTION = (
    "question__title",
    "question__slug",
    "question__category__slug",
    "question__category__name",
)


def _get_published_question(pk):
    return get_object_or_404(Question.objects.published(), pk=pk)


def _practice_url(filters: queue.Filters) -> str:
    params = filters.as_params()
    return reverse("practice:home") + (f"?{urlencode(params)}" if params else "")


def _next_url(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def practice(request):
    form = filter_form_for(request.GET)
    filters = form.filters() if form else queue.Filters()
    owner = owner_for(request)
    now = timezone.now()
    prefs = preferences.for_request(request, owner)
    interview = Interview.of(prefs)
    today = learners_day.of(owner, now)
    upcoming = queue.next_card(
        owner,
        filters,
        limit=prefs.daily_new_limit,
        now=now,
        review_limit=prefs.daily_review_limit,
        interview=interview,
        today=today,
    )
    version = shared.content_version()
    context = {
        "form": form,
        "difficulty_choices": FilterForm.base_fields["difficulty"].choices,
        "filters": filters,
        "categories": shared.categories(version),
        "shared_version": version,
        "next": upcoming,
        "due_count": queue.due_count(owner, filters, now) if upcoming.any_due else 0,
        "due_count_cap": queue.DUE_COUNT_CAP,
        "daily_limit": upcoming.new_limit,
        "here": request.get_full_path(),
        "preferences": prefs,
        "undoable": today.undoable,
        "interview": interview,
    }
    if upcoming.question is not None:
        context["state"] = state_of(owner, upcoming.question)
        context["shown"] = signing.dumps([upcoming.question.pk, now.timestamp()], salt=SHOWN_SALT)
        context["ratings"] = _ratings(upcoming.card, upcoming.question, prefs, now)
        context.update(answer_first_context(request, owner, upcoming.question))
        # Space and Enter press this one: a suggested grade the candidate
        # confirms, but never Again.
        suggested = context.get("suggested_grade")
        context["default_grade"] = suggested if suggested in (2, 3, 4) else ReviewLog.Rating.GOOD
    else:
        next_due = queue.next_due(owner, filters)
        context["next_due"] = timewords.when(next_due, now) if next_due else None
    shown = upcoming.question
    context["page_scripts"] = (
        PageScripts.for_html(shown.body_html, shown.answer_html, shown.explanation_html, shown.solutions_html)
        if shown
        else PageScripts()
    )
    return context["page_scripts"].apply_policy(render(request, "practice/practice.html", context))


def _ratings(card, question, prefs, now) -> list[tuple]:
    """(value, label, key, interval) per grade button; the interval is the
    scheduler's own for this card now."""
    intervals = scheduling.preview(card, prefs, now, question)
    return [
        (value, label, str(value), timewords.short_interval(intervals[value]))
        for value, label in ReviewLog.Rating.choices
    ]


@require_POST
def grade(request):
    form = GradeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That grade could not be recorded: %(errors)s") % {"errors": _errors(form)})
        return redirect(_practice_url(FilterForm(request.POST).filters()))
    question = _get_published_question(form.cleaned_data["question"])
    now = timezone.now()
    owner = owner_for(request, create=True)
    scheduling.grade(
        owner,
        question,
        form.cleaned_data["rating"],
        now=now,
        duration_ms=_duration_ms(form, now),
        preferences=preferences.for_request(request, owner),
    )
    return redirect(_practice_url(form.filters()))


def _duration_ms(form, now) -> int | None:
    """Time from showing the question to grading it, from the signed token
    the page carried (a forged or stale one is simply ignored)."""
    try:
        pk, shown_at = signing.loads(form.cleaned_data["shown"], salt=SHOWN_SALT, max_age=60 * 60 * 24)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if pk != form.cleaned_data["question"]:
        return None
    return int((now.timestamp() - shown_at) * 1000)


def _errors(form) -> str:
    return "; ".join(str(error) for errors in form.errors.values() for error in errors)


@require_POST
def toggle_bookmark(request, question_id):
    question = _get_published_question(question_id)
    owner = owner_for(request, create=True)
    deleted, _ignored = Bookmark.objects.owned_by(owner).filter(question=question).delete()
    if not deleted:
        Bookmark.objects.bulk_create([Bookmark(question=question, **owner.columns())], ignore_conflicts=True)
    return redirect(_next_url(request, question.get_absolute_url()))


@require_POST
def save_note(request, question_id):
    question = _get_published_question(question_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Your note was not saved: %(errors)s") % {"errors": _errors(form)})
        # Nothing is lost: the text comes back in the form.
        return render(request, "practice/note.html", {"question": question, "form": form}, status=400)
    owner = owner_for(request, create=True)
    text = form.cleaned_data["text"]
    if text.strip():
        Note.objects.update_or_create(
            question=question, **owner.columns(), defaults={"text": text, "updated_at": timezone.now()}
        )
        messages.success(request, _("Note saved."))
    else:
        Note.objects.owned_by(owner).filter(question=question).delete()
        messages.success(request, _("Note deleted."))
    return redirect(_next_url(request, question.get_absolute_url()))


def note(request, question_id):
    question = _get_published_question(question_id)
    existing = Note.objects.owned_by(owner_for(request)).filter(question=question).first()
    form = NoteForm(initial={"text": existing.text if existing else ""})
    return render(request, "practice/note.html", {"question": question, "form": form})


def bookmarks(request):
    """Bookmarked questions, newest first, with the learner's notes on them;
    then notes on questions not bookmarked. Both paginated."""
    owner = owner_for(request)
    marked = (
        Bookmark.objects.owned_by(owner)
        .of_published_questions()
        .select_related("question__category")
        .only(*LISTED_QUESTION)
        .order_by("-created_at", "-pk")
    )
    page = Paginator(marked, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    on_page = [bookmark.question_id for bookmark in page]
    notes = {note.question_id: note for note in Note.objects.owned_by(owner).filter(question__in=on_page)}
    rows = [(bookmark, notes.get(bookmark.question_id)) for bookmark in page]
    other_notes = (
        Note.objects.owned_by(owner)
        .of_published_questions()
        .exclude(question__in=Bookmark.objects.owned_by(owner).values("question_id"))
        .select_related("question__category")
        .only("text", *LISTED_QUESTION)
        .order_by("-updated_at", "-pk")
    )
    notes_page = Paginator(other_notes, LIST_PAGE_SIZE).get_page(request.GET.get("notes_page"))
    context = {"rows": rows, "page": page, "notes_page": notes_page}
    return render(request, "practice/bookmarks.html", context)


def practice_settings(request):
    owner = owner_for(request)
    if request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            preferences.save(request, form.preferences(preferences.for_request(request, owner)))
            messages.success(request, _("Settings saved."))
            return redirect("practice:settings")
    else:
        form = SettingsForm(initial=preferences.for_request(request, owner).as_dict())
    return render(request, "practice/settings.html", {"form": form, **parameters_context(request)})
