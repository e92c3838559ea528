"""The question a custom admin view acts on, for the user asking."""

from django.core.exceptions import PermissionDenied
from django.http import Http404


class QuestionAccessMixin:
    """For the admin's own views of one question (transitions, comments,
    reports, acknowledgements, preview): one rule for finding it."""

    def _get_question_for_user(self, request, object_id):
        """404 for an unknown or malformed id, 403 for someone who may
        neither view nor change the question."""
        question = self.get_object(request, object_id)  # None for an unknown or malformed id
        if question is None:
            raise Http404
        if not self.has_view_or_change_permission(request, question):
            raise PermissionDenied
        return question
