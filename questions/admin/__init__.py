"""The Django admin of the question bank, a module per page or concern.

Importing the page modules registers their ModelAdmins (admin.autodiscover
imports this package)."""

from . import questions, sources, taxonomy  # noqa: F401
