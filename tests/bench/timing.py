"""One request through Django's whole stack, timed: what bench-http's
public pages and a candidate's own pages are both measured with."""

import statistics
import time


def timed_get(client, connection, url, *, clock=time.perf_counter):
    """GET `url` (a streamed body read to its end): (ms in process by `clock`,
    wall time by default or `time.process_time` for CPU; ms in SQL, queries,
    response). The response must be a 200."""
    sql = [0.0, 0]

    def timer(execute, sql_text, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql_text, params, many, context)
        finally:
            sql[0] += time.perf_counter() - started
            sql[1] += 1

    with connection.execute_wrapper(timer):
        started = clock()
        response = client.get(url)
        if response.streaming:
            for _ in response.streaming_content:
                pass
        elapsed = clock() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed * 1000, sql[0] * 1000, sql[1], response


def cold_and_warm(client, connection, url, samples, check=None) -> tuple[float, float, float, int]:
    """(cold ms, SQL ms of the cold requests, warm ms, most queries of a cold
    request), medians of `samples` requests each; cold means the cache emptied
    before the request. `check(response)` may assert on every response."""
    from django.core.cache import cache

    def timed():
        elapsed, sql, queries, response = timed_get(client, connection, url)
        if check is not None:
            check(response)
        return elapsed, sql, queries

    cold = []
    for _ in range(samples):
        cache.clear()
        cold.append(timed())
    warm = [timed() for _ in range(samples)]
    return (
        statistics.median(t for t, _, _ in cold),
        statistics.median(s for _, s, _ in cold),
        statistics.median(t for t, _, _ in warm),
        max(q for _, _, q in cold),
    )
