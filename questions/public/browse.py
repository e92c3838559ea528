"""Search results and filtered question lists (/search/): the form, and one
page of results in a constant number of queries however many match.

A text query counts and ranks at most RESULTS_CAP + 1 matches: ranking reads
each match's search document, and ranking every one of 100,000 hits of a
common word takes most of a second. Past the cap the page says "more than
1,000 results" and ranks the first 1,000 found; filters narrow it down. The
title matches come first, from a narrow table; of the matches found only
elsewhere it reads at most OTHER_MATCHES_CAP + 1 documents ("more than 200").
"""

import math
from dataclasses import dataclass, field

from django import forms
from django.core.paginator import Page, Paginator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .. import policies
from ..models import Category, Question, Source, Tag
from ..search.query import MAX_QUERY_LENGTH, ParsedQuery, parse_query
from ..search.snippets import Highlighter
from . import browse_widgets, pagecache
from .result_rows import result_rows

RESULTS_PER_PAGE = 20
RESULTS_CAP = 1000
# Of which at most this many whose title does not match: each is a 5 KB
# search document read (and, for a CJK phrase, rechecked), where the title
# matches come from a narrow table. A query whose matches are mostly outside
# the titles says "more than 200" rather than reading 1,000 documents.
OTHER_MATCHES_CAP = 200


class Sort(models.TextChoices):
    RELEVANCE = "relevance", _("Relevance")
    NEWEST = "newest", _("Newest")
    TITLE = "title", _("Title")


# More tags than anyone combines by hand; the cap keeps a crafted URL with
# hundreds of `tag=` from making one query expensive.
MAX_TAG_FILTERS = 10

# Tags offered as checkboxes unless the reader asks for all of them: the
# chosen ones plus the most used. A bank with thousands of tags would
# otherwise send thousands of checkboxes with every results page.
SHOWN_TAGS = 30


class TagChoiceField(forms.MultipleChoiceField):
    """Tags to filter by: repeats folded, unknown ones (a bookmarked link to a
    tag no published question carries any more) left out rather than voiding
    the whole filter, and at most MAX_TAG_FILTERS kept (`dropped` says how
    many were not, for the page to tell)."""

    def clean(self, value):
        known = {str(slug) for slug, _name in self.choices}
        wanted = list(dict.fromkeys(str(v) for v in self.to_python(value) if str(v) in known))
        self.dropped = max(0, len(wanted) - MAX_TAG_FILTERS)
        return wanted[:MAX_TAG_FILTERS]


class QueryField(forms.CharField):
    """The search text; a NUL (which Django's CharField refuses, voiding the
    whole search) is dropped instead."""

    def to_python(self, value):
        return super().to_python(value.replace("\x00", "") if isinstance(value, str) else value)


class BrowseForm(forms.Form):
    """The query and filters of /search/; every field optional. The choices
    come from the caller, so rendering and validating query nothing."""

    q = QueryField(
        label=_("Search"),
        required=False,
        widget=browse_widgets.SearchInput(
            attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH, "placeholder": _("Search questions")}
        ),
    )
    category = forms.ChoiceField(label=_("Category"), required=False, widget=browse_widgets.Select)
    difficulty = forms.ChoiceField(
        label=_("Difficulty"),
        required=False,
        choices=[("", _("Any difficulty")), *Question.Difficulty.choices],
        widget=browse_widgets.Select,
    )
    tag = TagChoiceField(label=_("Tags"), required=False, widget=browse_widgets.CheckboxSelectMultiple)
    source = forms.ChoiceField(label=_("Source article"), required=False, widget=browse_widgets.Select)
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=Sort.choices, widget=browse_widgets.Select
    )

    def __init__(self, data, *, categories, tags, sources, all_tags=False):
        """`tags` most used first: every one is a valid filter, but only the
        chosen ones and the SHOWN_TAGS first are checkboxes, unless
        `all_tags` (`hidden_tags` says how many are not)."""
        if not data.get("sort"):
            # Show the order actually used: relevance for a search, else newest.
            data = data.copy()
            data["sort"] = Sort.RELEVANCE if (data.get("q") or "").strip() else Sort.NEWEST
        super().__init__(data)
        self.fields["category"].choices = [("", _("All categories"))] + [
            (c.slug, c.label) for c in categories
        ]
        tag_field = self.fields["tag"]
        tag_field.choices = [(t.slug, t.name) for t in tags]
        if not all_tags and len(tag_field.choices) > SHOWN_TAGS:
            chosen = set(tag_field.widget.value_from_datadict(self.data, self.files, self.add_prefix("tag")))
            shown = [
                (slug, name)
                for i, (slug, name) in enumerate(tag_field.choices)
                if i < SHOWN_TAGS or slug in chosen
            ]
            self.hidden_tags = len(tag_field.choices) - len(shown)
        else:
            shown, self.hidden_tags = tag_field.choices, 0
        tag_field.widget.choices = sorted(shown, key=lambda choice: choice[1].casefold())
        self.fields["source"].choices = [("", _("All sources"))] + [(s.slug, s.title) for s in sources]

    @classmethod
    def for_reader(cls, data, user, *, all_tags=False):
        """The form with the filters that apply to the questions `user`
        sees: tags and sources only where one of them uses it (`filter_choices()`)."""
        categories, tags, sources = filter_choices(user)
        return cls(data, categories=categories, tags=tags, sources=sources, all_tags=all_tags)

    def value(self, name):
        """A field's cleaned value, or its empty value when the input was invalid."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or self.fields[name].to_python(None)

    @cached_property
    def query(self) -> ParsedQuery:
        """The search text, parsed: once per request, then handed to every
        step of the search (match, rank, highlight) as it is."""
        return parse_query(self.value("q"))

    @property
    def filters(self) -> dict:
        return {
            "category": self.value("category"),
            "difficulty": self.value("difficulty"),
            "tags": self.value("tag"),
            "source": self.value("source"),
        }

    @property
    def tags_dropped(self) -> int:
        self.value("tag")
        return getattr(self.fields["tag"], "dropped", 0)

    @property
    def is_filtered(self) -> bool:
        return any(self.filters.values())


def filter_choices(user) -> tuple[list, list, list]:
    """The categories, tags and sources the filters offer `user`. The
    public's are the same for everyone until the next public change, so each
    process keeps the latest under the content version (reading them cost
    ~5 ms a cold search page at 100,000 questions, the sources used by a
    published question; the page cache, when there is one, does not help a
    query no one asked before). Those who see drafts get them live (3 queries)."""
    if policies.sees_unpublished_questions(user):
        return _read_filter_choices(user)
    version = pagecache.current_version()
    kept = _kept_choices.get("public")
    if kept is not None and kept[0] == version:
        return kept[1]
    choices = _read_filter_choices(user)
    _kept_choices["public"] = (version, choices)
    return choices


# "public": (content version, choices), the latest this process read.
_kept_choices: dict[str, tuple] = {}


def forget_filter_choices() -> None:
    """Drop the choices this process keeps (tests: a rolled-back database
    can repeat a content version)."""
    _kept_choices.clear()


def _read_filter_choices(user) -> tuple[list, list, list]:
    return (
        list(Category.objects.all()),
        policies.tags_offered_to(user, Tag.objects.only("name", "slug", "published_count")),
        list(Source.objects.used_by(policies.visible_questions(user)).only("title", "slug")),
    )


class CountedPaginator(Paginator):
    """A paginator told its count, so that a capped count is not redone."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._count = count

    @cached_property
    def count(self) -> int:
        return self._count


class KeysFirst:
    """A queryset whose pages are read in two steps: the page's keys, which
    an index alone answers (deep pages skip thousands of index entries, not
    thousands of rows), then those rows with everything the page shows. A
    plain OFFSET read every skipped row: page 800 of a 24,000-question
    category took 425 ms, its keys take 3. The first pages, which most
    readers ask for, skip few rows and are read in one query."""

    # Rows an OFFSET may skip before the keys are read first.
    ONE_QUERY_UP_TO = 300

    def __init__(self, queryset):
        self.queryset = queryset

    def __getitem__(self, page: slice) -> list:
        if (page.start or 0) <= self.ONE_QUERY_UP_TO:
            return list(self.queryset[page])
        keys = list(self.queryset.values_list("pk", flat=True)[page])
        rows = self.queryset.in_bulk(keys)
        return [rows[key] for key in keys if key in rows]


@dataclass
class Result:
    question: Question
    title_html: str = ""
    snippet_html: str = ""


@dataclass
class Results:
    query: ParsedQuery
    sort: str
    page: Page
    more_than_cap: bool = False
    items: list[Result] = field(default_factory=list)
    shortened: bool = False

    @property
    def count(self) -> int:
        return self.page.paginator.count


def find(questions, form: BrowseForm, *, page_number, per_page: int | None = None) -> Results:
    """One page of `questions` matching the form's query and filters: a
    count, the page's rows with their category, a prefetch of their tags."""
    per_page = per_page or RESULTS_PER_PAGE
    query = form.query
    sort = form.value("sort") or (Sort.RELEVANCE if query else Sort.NEWEST)
    matches = questions.with_filters(**form.filters)
    if not query:
        # A list of questions: newest first or by title, counted up to the cap.
        sort = Sort.TITLE if sort == Sort.TITLE else Sort.NEWEST
        found = matches.order_by().values("pk")[: RESULTS_CAP + 1].count()
        ordered = matches.by_title() if sort == Sort.TITLE else matches.newest_first()
        paginator = CountedPaginator(ordered.for_listing(), per_page, count=min(found, RESULTS_CAP))
        page = paginator.get_page(page_number)
        items = [Result(q, q.title) for q in page.object_list]
        return Results(query, sort, page, more_than_cap=found > RESULTS_CAP, items=items)

    if sort == Sort.RELEVANCE:
        # One or two round trips count up to RESULTS_CAP + 1 matches and rank
        # what the page shows; its rows are then fetched by primary key.
        found, more, page = _ranked_page(matches, query, page_number, per_page)
        rows = result_rows(list(page.object_list), query, using=matches.db)
    else:
        matches = matches.search(query)
        found = matches.order_by().values("pk")[: RESULTS_CAP + 1].count()
        more = found > RESULTS_CAP
        ordered = matches.by_title() if sort == Sort.TITLE else matches.newest_first()
        page = CountedPaginator(
            _for_results(ordered, query), per_page, count=min(found, RESULTS_CAP)
        ).get_page(page_number)
        rows = list(page.object_list)
    highlighter = Highlighter(query, rows[0].matched_lexemes if rows else "")
    items = [
        Result(
            question,
            highlighter.highlight(question.title),
            # The prompt only: a snippet from the answer or explanation would
            # give away what the reader came to practise.
            highlighter.snippet(question.body),
        )
        for question in rows
    ]
    shortened = len(form.value("q").strip()) > MAX_QUERY_LENGTH
    return Results(query, sort, page, more_than_cap=more, items=items, shortened=shortened)


def _ranked_page(matches, query, page_number, per_page) -> tuple[int, bool, Page]:
    """How many `matches` the page counts (up to RESULTS_CAP, of which at
    most OTHER_MATCHES_CAP outside the titles), whether there are more, and
    the page `page_number` of their pks, best first (`ranked_window`): a
    page number that is not one means the first page, one past the end the
    last, as `Paginator.get_page()` does."""
    try:
        number = max(1, int(page_number))
    except (TypeError, ValueError):
        number = 1
    while True:
        start = (number - 1) * per_page
        found, window, others_capped = matches.ranked_window(
            query, cap=RESULTS_CAP + 1, start=start, stop=start + per_page, others_cap=OTHER_MATCHES_CAP + 1
        )
        # Each cap was read one past, to know whether there are more.
        more = others_capped or found > RESULTS_CAP
        count = min(found - 1 if others_capped else found, RESULTS_CAP)
        last = max(1, math.ceil(count / per_page))
        if number <= last:
            break
        number = last  # past the end: once more, for the last page
    # The paginator wants the whole list; only the page's window is known.
    pks = [None] * count
    window = window[: count - start]
    pks[start : start + len(window)] = window
    return count, more, CountedPaginator(pks, per_page, count=count).page(number)


# Results show the title and the prompt's text: the answer and explanation
# (spoilers) and every rendered HTML column stay in the database.
_NOT_IN_RESULTS = [
    *("answer", "explanation", "editor_note", "key_points", "solutions"),
    *("body_html", "answer_html", "explanation_html", "editor_note_html", "solutions_html"),
]


def _for_results(questions, query):
    """What a result shows (as `result_rows()` reads it for a ranked page):
    the prompt for its snippet (not the rendered HTML; never the answer),
    its category, its tags, the matched lexemes for highlighting."""
    return (
        questions.select_related("category")
        .with_tag_list()
        .defer(*_NOT_IN_RESULTS)
        .with_matched_lexemes(query)
    )


def tag_cloud(tags) -> list[Tag]:
    """`tags`, annotated with `question_count`, in alphabetical order, each
    with a `weight` from 1 to 5 that sizes it in the cloud."""
    tags = list(tags)
    top = max((tag.question_count for tag in tags), default=1)
    for tag in tags:
        tag.weight = 1 + round(4 * math.log(tag.question_count) / math.log(top)) if top > 1 else 1
    return sorted(tags, key=lambda tag: tag.name.casefold())
