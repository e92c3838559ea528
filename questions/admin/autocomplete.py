"""The admin's autocomplete widgets, safe to re-display with crafted ids.

When a form comes back with errors, Django's autocomplete widget looks up
the submitted ids to label them (`filter(pk__in=[…])`) without checking them
first: a non-numeric id in `tags` or `source` raised ValueError, a 500,
instead of the form error the field had already found. These widgets label
only the ids that are ids; the form still shows its error for the rest.
"""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError


class _LabelsOnlyRealIds:
    def optgroups(self, name, value, attr=None):
        # The key the widget looks ids up by, found as Django's widget finds it.
        remote = self.field.remote_field.model._meta
        key = remote.get_field(getattr(self.field.remote_field, "field_name", remote.pk.attname))
        return super().optgroups(name, [item for item in value if _is_valid(key, item)], attr)


def _is_valid(field, value) -> bool:
    try:
        field.to_python(value)
    except ValidationError:
        return False
    return True


class SafeAutocompleteSelect(_LabelsOnlyRealIds, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_LabelsOnlyRealIds, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteAdminMixin:
    """`autocomplete_fields` with the widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
