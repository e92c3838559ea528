"""Every request whose query string or form fields hold a NUL character
(U+0000) is refused with 400 before any view sees it.

Postgres text cannot hold a NUL, and psycopg refuses to send one (a
ValueError), so any view that passed it on to a query answered 500: the
admin's changelist search, a filter, a boolean field (which takes any text
as "on"), the workflow views' "reason". Django's forms.CharField already
refuses NUL with a form error, but much input never meets a CharField. One
check at the door covers every view, the admin's and those still to be
written, and no person types a NUL: a form error kept beside the typed text
would cost a check in every form for input only a script sends.

Uploaded files are not looked at (an image is full of NULs); the importers
decode the text they read and check it themselves. Nor is the path: the URL
patterns already refuse a NUL there (a slug's converter, the admin's ids),
with a 404.
"""

from django.shortcuts import render


def _holds_nul(query_dict) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in query_dict.lists()
    )


class RefuseNulCharacters:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # request.POST is empty unless the body is a form: reading it here
        # parses what the view would parse anyway, within Django's size limits.
        if _holds_nul(request.GET) or _holds_nul(request.POST):
            # Answered here rather than raised as BadRequest: Django would log
            # a traceback for every one, a cheap way to flood the logs.
            return render(request, "400.html", status=400)
        return self.get_response(request)
