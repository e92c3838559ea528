"""Practice's long work, run by the job queue's worker (procrastinate finds
this module by its name): a typed answer checked by a language model
(practice.model_checks), and a candidate's FSRS parameters optimised from
their review log (practice.optimizer, seconds of CPU for a long log), and
hourly the signals of all candidates' practice for the editors
(practice.struggle)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from procrastinate.contrib.django import app

from jobs.models import Job
from jobs.tracking import RETRY, JobFailed, enqueue, run, succeed

from . import model_checks, optimizer, struggle
from .models import PracticeSettings
from .owners import Owner


# Not retried: the check has its own time budget, and a failure is shown to
# the candidate (who may still grade without it).
@app.task(name=model_checks.TASK_NAME)
def check_answer_with_model(kind: str, answer_id: int):
    model_checks.run_check(kind, answer_id)


def _key(user_id: int) -> str:
    return f"fsrs-optimisation-{user_id}"


def enqueue_optimisation(user) -> tuple[Job, bool]:
    """(the job, True) once queued; (the one already queued, False)."""
    return enqueue(
        optimise_parameters,
        kind=Job.Kind.FSRS_OPTIMISATION,
        title=_("Optimise FSRS parameters"),
        user=user,
        key=_key(user.pk),
        arguments={"user": user.pk},
    )


def running_optimisation(user) -> Job | None:
    return Job.objects.unfinished().filter(key=_key(user.pk)).first()


@app.task(name="practice.optimise_parameters", retry=RETRY)
def optimise_parameters(job_id: int):
    run(job_id, _optimise_job)


def _optimise_job(job: Job, progress) -> None:
    user_id = job.arguments["user"]
    progress(0, 3)
    history = optimizer.histories(Owner(user_id=user_id))
    progress(1)
    try:
        result = optimizer.optimise(history)
    except optimizer.NotEnoughReviews as too_few:
        raise JobFailed(
            _("%(count)s reviews: at least %(minimum)s are needed.")
            % {"count": too_few.args[0], "minimum": optimizer.MIN_REVIEWS}
        ) from too_few
    progress(2)
    with transaction.atomic():
        PracticeSettings.objects.update_or_create(
            user_id=user_id,
            defaults={
                "fsrs_parameters": list(result.parameters) if result.improved else [],
                "fsrs_log_loss_before": result.log_loss_before,
                "fsrs_log_loss_after": result.log_loss_after,
                "fsrs_reviews": result.reviews,
                "fsrs_optimised_at": timezone.now(),
            },
        )
        figures = {"before": f"{result.log_loss_before:.4f}", "after": f"{result.log_loss_after:.4f}"}
        if result.improved:
            message = _("Personal parameters: log loss %(before)s → %(after)s.") % figures
        else:
            message = _("The default parameters fit your reviews best (log loss %(before)s).") % figures
        succeed(job, message)
    progress(3)


# Hourly: a question's figures move slowly, and the read groups the whole
# review log (seconds at a few million reviews).
@app.periodic(cron="23 * * * *", periodic_id="practice_signals")
@app.task(queueing_lock="practice.refresh_practice_signals")
def refresh_practice_signals(timestamp):
    struggle.refresh_practice_signals()
