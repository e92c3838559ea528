"""Revisions of many-to-many changes, recorded in one light query.

django-simple-history records the tracked model when its many-to-many field
changes (`question.tags.add(tag)`). Two things it does are changed here:

- From the other side (`tag.questions.add(question)`) the signal's instance is
  the *tag*, which has no history, and simple-history's receiver fails.
  `m2m_changed` is the method simple-history connects (in `finalize`) for each
  of the `m2m_fields`; `BothSidesHistoricalRecords` answers the other side
  there too, by recording each tracked row whose set changed.
- Its `create_historical_record_m2ms` rebuilds the historical instance (one
  query for the excluded columns: every rendered HTML field of a question) only
  to reach the through model, then reads the link rows with both ends joined
  in (the whole question row again). A revision keeps the link rows' ids and
  nothing more, so `LeanM2MHistoricalRecords` reads just those: one small
  query per revision instead of two wide ones, on every save and import.
"""

from simple_history.models import HistoricalRecords
from simple_history.signals import post_create_historical_m2m_records, pre_create_historical_m2m_records
from simple_history.utils import get_m2m_field_name


class LeanM2MHistoricalRecords(HistoricalRecords):
    def create_historical_record_m2ms(self, history_instance, instance):
        for field in self.get_m2m_fields_from_model(self.cls):
            # `m2m_models` is one dict for every tracked model: look this model's field up.
            m2m_history_model = self.m2m_models[field]
            through = field.remote_field.through
            columns = [column.attname for column in through._meta.concrete_fields]
            links = through._default_manager.filter(**{get_m2m_field_name(field): instance})
            rows = [m2m_history_model(history=history_instance, **row) for row in links.values(*columns)]
            signal = {"history_instance": history_instance, "instance": instance, "field": field}
            pre_create_historical_m2m_records.send(sender=m2m_history_model, rows=rows, **signal)
            created = m2m_history_model.objects.bulk_create(rows)
            post_create_historical_m2m_records.send(sender=m2m_history_model, created_rows=created, **signal)


class BothSidesHistoricalRecords(LeanM2MHistoricalRecords):
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
