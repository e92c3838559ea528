"""Practice's jobs, run by the job queue's worker."""

from procrastinate.contrib.django import app

from . import model_checks, struggle


# Not retried: the check has its own time budget, and a failure is shown to
# the candidate (who may still grade without it).
@app.task(name=model_checks.TASK_NAME)
def check_answer_with_model(kind: str, answer_id: int):
    model_checks.run_check(kind, answer_id)


# Hourly: a question's figures move slowly, and the read groups the whole
# review log (seconds at a few million reviews).
@app.periodic(cron="23 * * * *", periodic_id="practice_signals")
@app.task(queueing_lock="practice.refresh_practice_signals")
def refresh_practice_signals(timestamp):
    struggle.refresh_practice_signals()
