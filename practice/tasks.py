"""Practice's jobs, run by the job queue's worker."""

from procrastinate.contrib.django import app

from . import mock_model_check


# Not retried: the check has its own time budget, and a failure is shown to
# the candidate (who may still grade without it).
@app.task(name=mock_model_check.TASK_NAME)
def check_mock_answer_with_model(answer_id: int):
    mock_model_check.run_check(answer_id)
