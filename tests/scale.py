"""The large case of a constant-query-count test.

Such a test runs at a small and a large size, so that an N+1 shows as a
difference in the count. Both sizes run the same lines of the project, so
coverage needs only the small one: the large case runs without the tracer,
which doubled the cost of building its rows (issue 17, `make test` time).
"""

import pytest


def at_scale(*values):
    """The parameter set of the large case: the same test id, not traced by coverage."""
    return pytest.param(*values, marks=pytest.mark.no_cover)
