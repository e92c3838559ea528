"""The queue's own housekeeping, run by every worker (procrastinate's
periodic tasks: one deferral per tick, however many workers)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from procrastinate.contrib.django import app

from .models import Job


@app.periodic(cron=f"* * * * * */{settings.JOB_RECOVERY_SECONDS}", periodic_id="recover")
@app.task(queueing_lock="jobs.recover_stalled_jobs", pass_context=True)
async def recover_stalled_jobs(context, timestamp):
    """A worker that died mid-job (killed, out of memory, its machine gone)
    stops sending heartbeats; its jobs are put back on the queue, to be run
    again from the start (their transactions died with it)."""
    manager = context.app.job_manager
    for job in await manager.get_stalled_jobs(seconds_since_heartbeat=settings.JOB_STALLED_SECONDS):
        await manager.retry_job(job)


@app.periodic(cron="*/10 * * * *", periodic_id="expire")
@app.task(queueing_lock="jobs.delete_expired_results")
def delete_expired_results(timestamp):
    """Exports are downloadable for JOB_RESULT_HOURS; then their files go.
    Finished jobs are listed for JOB_KEEP_DAYS; then their rows go."""
    now = timezone.now()
    for job in Job.objects.expired(now):
        job.result_file.delete(save=False)
        Job.objects.filter(pk=job.pk).update(result_file="")
    Job.objects.exclude(status__in=Job.UNFINISHED).filter(
        finished_at__lt=now - timedelta(days=settings.JOB_KEEP_DAYS)
    ).delete()
