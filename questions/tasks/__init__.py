"""The bank's long work, run by the job queue's worker rather than in a
request (procrastinate finds this module by its name, `tasks`): imports,
exports, re-rendering Markdown, telling a reporter, the daily queue digest. The admin and the management commands
enqueue; each task reports to its `jobs.Job` row as it goes."""

from . import bank_imports, digest, exports, imports, rendering, reports  # noqa: F401 (registers the tasks)
