"""One request through Django's whole stack, timed: what bench-http's
public pages and a candidate's own pages are both measured with."""

import time


def timed_get(client, connection, url):
    """GET `url` (a streamed body read to its end): (ms in process, ms in SQL,
    queries, response). The response must be a 200."""
    sql = [0.0, 0]

    def timer(execute, sql_text, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql_text, params, many, context)
        finally:
            sql[0] += time.perf_counter() - started
            sql[1] += 1

    with connection.execute_wrapper(timer):
        started = time.perf_counter()
        response = client.get(url)
        if response.streaming:
            for _ in response.streaming_content:
                pass
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed * 1000, sql[0] * 1000, sql[1], response
