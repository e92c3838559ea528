"""Rows a learner owns: an account (`user`) or, before signing in, a browser
session (`guest_key`); exactly one is set, a check constraint says so."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from questions.models import Question

from .owners import Owner


def owner_constraints(name: str) -> list:
    return [
        models.CheckConstraint(
            condition=Q(user__isnull=False, guest_key__isnull=True)
            | Q(user__isnull=True, guest_key__isnull=False),
            name=f"{name}_one_owner",
        ),
    ]


class OwnedQuerySet(models.QuerySet):
    def owned_by(self, owner: Owner | None):
        if owner is None:
            return self.none()
        return self.filter(**owner.columns())

    def of_published_questions(self):
        # At query time, so that unpublishing or archiving a question takes
        # it out of every queue and list at once; its rows stay.
        return self.filter(question__status=Question.Status.PUBLISHED)


class Owned(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, null=True, blank=True
    )
    guest_key = models.UUIDField(_("guest session"), null=True, blank=True, editable=False)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True

    def belongs_to(self, owner: Owner) -> bool:
        return (self.user_id, self.guest_key) == (owner.user_id, owner.guest_key)
