"""`rerender_markdown` queues a job that renders in batches, with progress."""

from io import StringIO

import pytest
from django.core.management import call_command

from jobs.models import Job
from questions.models import Question, Source
from tests.factories import QuestionFactory
from tests.jobs_helpers import queued_jobs, run_queued_jobs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_the_command_queues_a_job_that_renders_everything_again():
    questions = [QuestionFactory(answer=f"**answer {n}**") for n in range(3)]
    Question.objects.update(answer_html="<p>stale</p>")
    out = StringIO()
    call_command("rerender_markdown", stdout=out)
    job = Job.objects.get()
    assert f"job {job.pk}" in out.getvalue()
    assert Question.objects.filter(answer_html="<p>stale</p>").count() == 3  # not yet
    assert [queued.task_name for queued in queued_jobs()] == ["questions.rerender_markdown"]
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert "3 rendered again" in job.message
    rendered = Question.objects.count() + Source.objects.count()
    assert (job.done, job.total) == (rendered, rendered)
    for question in questions:
        assert "<strong>answer" in Question.objects.get(pk=question.pk).answer_html


def test_running_the_command_twice_queues_one_job():
    call_command("rerender_markdown", stdout=StringIO())
    out = StringIO()
    call_command("rerender_markdown", stdout=out)
    assert Job.objects.count() == 1
    assert "already" in out.getvalue()
