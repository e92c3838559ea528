"""Revisions of many-to-many changes made from either side.

django-simple-history records the tracked model when its many-to-many
field changes (`question.tags.add(tag)`). From the other side
(`tag.questions.add(question)`) the signal's instance is the *tag*, which has
no history, and simple-history's receiver fails. `m2m_changed` is the
method simple-history connects (in `finalize`) for each of the `m2m_fields`;
this subclass answers the other side there too, by recording each tracked
row whose set changed.
"""

from simple_history.models import HistoricalRecords


class BothSidesHistoricalRecords(HistoricalRecords):
    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if not reverse:
            super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
            return
        # `instance` is the other side's object (a tag), `attr` the tracked
        # model's field (Question.tags), `pk_set` the tracked rows.
        clearing = f"_history_{attr}_clearing"
        tracked = self.cls._default_manager
        if action == "pre_clear":
            # After the clear the rows that lost it can no longer be found.
            setattr(instance, clearing, list(tracked.filter(**{attr: instance}).values_list("pk", flat=True)))
        elif action in ("post_add", "post_remove", "post_clear"):
            pks = pk_set if action != "post_clear" else getattr(instance, clearing, [])
            for row in tracked.filter(pk__in=pks):
                self.create_historical_record(row, "~")
