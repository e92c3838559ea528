"""Revision history in the admin, on top of django-simple-history's history
list: compare any two revisions (or one with the current text) as a readable
diff, and restore an old revision as a new one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from .. import policies, revisions
from ..models import EditConflict

CURRENT = "current"


class RevisionHistoryAdmin(SimpleHistoryAdmin):
    object_history_list_template = "admin/questions/history_list.html"
    history_list_per_page = 50

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        # simple-history diffs the tags of every row with queries of their own;
        # here the page's tags come in one query.
        records = list(historical_records)
        tags = revisions.tags_of_revisions(self.model, records)
        newer = None
        for record in records:  # newest first
            if newer is not None:
                older = revisions.snapshot(self.model, record, tags=tags.get(record.history_id))
                newest = revisions.snapshot(self.model, newer, tags=tags.get(newer.history_id))
                newer.changed_fields = [
                    change.label for change in revisions.compare(self.model, older, newest)
                ]
            newer = record

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
            path(
                "<path:object_id>/history/<int:history_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="{}_{}_restore".format(*info),
            ),
            *super().get_urls(),
        ]

    def _object_for(self, request, object_id, restoring=False):
        obj = self.get_object(request, object_id)  # None for an unknown or malformed id
        if obj is None:
            raise Http404
        allowed = (
            policies.can_restore(request.user, obj)
            if restoring
            else self.has_view_or_change_permission(request, obj)
        )
        if not allowed:
            raise PermissionDenied
        return obj

    def _revision(self, obj, history_id):
        try:
            return obj.history.get(history_id=int(history_id))
        except (ValueError, TypeError, obj.history.model.DoesNotExist):
            raise Http404(_("No such revision.")) from None

    def _side(self, obj, value):
        """A snapshot and a caption for `?from=`/`?to=`: a revision or "current"."""
        if value in (None, "", CURRENT):
            return revisions.snapshot(self.model, obj), None
        record = self._revision(obj, value)
        return revisions.snapshot(self.model, record), record

    def compare_view(self, request, object_id):
        obj = self._object_for(request, object_id)
        old, old_record = self._side(obj, request.GET.get("from"))
        new, new_record = self._side(obj, request.GET.get("to", CURRENT))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "title": _("Compare revisions: %s") % obj,
            "old_record": old_record,
            "new_record": new_record,
            "changes": revisions.compare(self.model, old, new),
            "history_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_history", args=[obj.pk]
            ),
        }
        return TemplateResponse(request, "admin/questions/compare.html", context)

    def restore_view(self, request, object_id, history_id):
        obj = self._object_for(request, object_id, restoring=True)
        record = self._revision(obj, history_id)
        change_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
        if request.method == "POST":
            problem = revisions.restore_problem(obj, record)
            if problem:
                self.message_user(request, problem, messages.ERROR)
                return HttpResponseRedirect(change_url)
            try:
                revisions.restore(obj, record, request.user)
            except EditConflict:
                self.message_user(
                    request,
                    _("Someone saved it meanwhile; nothing was restored. Look again."),
                    messages.ERROR,
                )
                return HttpResponseRedirect(change_url)
            self.message_user(
                request,
                _("Restored the revision of %(date)s. The restore is a new revision and can be undone.")
                % {"date": record.history_date.strftime("%Y-%m-%d %H:%M")},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(change_url)
        current = revisions.snapshot(self.model, obj)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "record": record,
            "title": _("Restore this revision?"),
            "changes": revisions.compare(self.model, current, revisions.snapshot(self.model, record)),
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/questions/restore_confirm.html", context)
