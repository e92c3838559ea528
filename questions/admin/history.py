"""Revision history in the admin, on top of django-simple-history's history
list: compare any two revisions (or one with the current text) as a readable
diff, and restore an old revision as a new one."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from .. import policies
from ..editorial import pending, revisions
from ..models import EditConflict

CURRENT = "current"


def _mark_default_comparison(records) -> None:
    """Check the two latest *different* revisions in the history list (the
    latest against the current text is nearly always "no differences")."""
    if not records:
        return
    records[0].default_to = True
    latest = records[0].content_snapshot
    for record in records[1:]:
        if record.content_snapshot != latest:
            record.default_from = True
            return


class RevisionHistoryAdmin(SimpleHistoryAdmin):
    object_history_list_template = "admin/questions/history_list.html"
    history_list_per_page = 50

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        # simple-history diffs the tags of every row with queries of their own;
        # here the page's tags come in one query.
        records = list(historical_records)
        tags = revisions.tags_of_revisions(self.model, records)
        snapshots = [revisions.snapshot(self.model, r, tags=tags.get(r.history_id)) for r in records]
        for i, record in enumerate(records[:-1]):  # newest first
            record.changed_fields = [
                change.label for change in revisions.compare(self.model, snapshots[i + 1], snapshots[i])
            ]
        # Content only: a workflow step alone is no difference worth comparing.
        shown = set(revisions.DISPLAY_ONLY_FIELDS[self.model])
        for record, values in zip(records, snapshots, strict=True):
            record.content_snapshot = {name: value for name, value in values.items() if name not in shown}

    def render_history_view(self, request, template, context, **kwargs):
        page = context.get("page_obj")
        obj = context.get("object")
        if page is not None and obj is not None:
            if page.number == 1:
                _mark_default_comparison(list(page.object_list))
            context.update(self.history_extra_context(request, obj))
            # No link to a page that would answer 403.
            context["may_restore"] = policies.can_open_restore(request.user, obj)
        return super().render_history_view(request, template, context, **kwargs)

    def history_extra_context(self, request, obj) -> dict:
        """What a model's history page shows beside its revisions."""
        return {}

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

    def history_view(self, request, object_id, extra_context=None):
        # django-simple-history filters by the id as given: "abc" was a
        # ValueError (500). A malformed id names nothing: 404.
        try:
            self.opts.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404 from None
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """django-simple-history's "revert" form, routed at
        <id>/history/<history_id>/: an editable form of any revision, saved
        past the rule book (an editor could rewrite published text, and an
        old published revision would bring its status back). The setting
        SIMPLE_HISTORY_REVERT_DISABLED only hides its button, so the view
        itself answers 404 to everyone; `restore_view` is the way back."""
        raise Http404(_("No such page: restore a revision from the history list."))

    def _object_for(self, request, object_id, restoring=False):
        obj = self.get_object(request, object_id)  # None for an unknown or malformed id
        if obj is None:
            raise Http404
        allowed = (
            policies.can_open_restore(request.user, obj)
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
        if "from" not in request.GET and "to" not in request.GET:
            older, newer = revisions.latest_different(self.model, obj)
            default = {
                "from": older.history_id if older else CURRENT,
                "to": newer.history_id if newer else CURRENT,
            }
        else:
            default = {"from": request.GET.get("from"), "to": request.GET.get("to", CURRENT)}
        old, old_record = self._side(obj, default["from"])
        new, new_record = self._side(obj, default["to"])
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
        proposing = not policies.can_restore(request.user, obj)
        if request.method == "POST":
            return self._restore(request, obj, record, change_url, proposing)
        current = revisions.snapshot(self.model, obj)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "record": record,
            "record_time": revisions.revision_time(record.history_date),
            "proposing": proposing,
            "title": _("Propose this revision?") if proposing else _("Restore this revision?"),
            "changes": revisions.compare(self.model, current, revisions.snapshot(self.model, record)),
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/questions/restore_confirm.html", context)

    def _restore(self, request, obj, record, change_url, proposing: bool):
        problem = revisions.restore_problem(obj, record)
        if problem:
            self.message_user(request, problem, messages.ERROR)
            return HttpResponseRedirect(change_url)
        reason = request.POST.get("reason", "")
        date = revisions.revision_time(record.history_date)
        try:
            if proposing:
                pending.propose_restore(obj.pk, record, request.user, reason=reason)
            else:
                revisions.restore(obj, record, request.user, reason=reason)
        except EditConflict:
            self.message_user(
                request, _("Someone saved it meanwhile; nothing was restored. Look again."), messages.ERROR
            )
            return HttpResponseRedirect(change_url)
        except pending.RevisionRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(change_url)
        if proposing:
            message = _(
                "The revision of %(date)s is now the pending revision: the public keeps the live text "
                "until a publisher approves it."
            )
        else:
            message = _("Restored the revision of %(date)s. The restore is a new revision and can be undone.")
        self.message_user(request, message % {"date": date}, messages.SUCCESS)
        return HttpResponseRedirect(change_url)
