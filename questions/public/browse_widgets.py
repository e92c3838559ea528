"""The search form's widgets, rendered in Python.

Django renders each option of a select or checkbox list through three
nested templates (option, input, attrs); the results page has five such
fields with dozens of options, and on a cold page their templates cost more
than the search. These widgets write the same markup as Django's own
templates (`django/forms/widgets/select.html`, `multiple_input.html`), for
the flat choice lists the form uses (option groups fall back to the
templates), escaping with the standard library's `html.escape` (what
Django's `escape` calls).
"""

from html import escape

from django import forms
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    # attrs.html: False leaves an attribute out, True writes its bare name.
    return "".join(
        f" {escape(str(name))}" if value is True else f' {escape(str(name))}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _flat_options(widget: dict):
    """The options of an ungrouped choice list, or None when it has groups."""
    options = []
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            return None
        options.extend(group_choices)
    return options


class SearchInput(forms.TextInput):
    """The search box: `django/forms/widgets/input.html`'s markup, which
    took two templates to render on every results page."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        value = f' value="{escape(str(widget["value"]))}"' if widget["value"] is not None else ""
        return mark_safe(
            f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'
        )


class Select(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = _flat_options(widget)
        if options is None:
            return super().render(name, value, attrs, renderer)
        rows = "".join(
            f'\n  <option value="{escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
            f"{escape(str(option['label']))}</option>"
            for option in options
        )
        return mark_safe(
            f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>{rows}\n</select>'
        )


class CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = _flat_options(widget)
        if options is None:
            return super().render(name, value, attrs, renderer)
        attrs = widget["attrs"]
        id_attr = f' id="{escape(str(attrs["id"]))}"' if attrs.get("id") else ""
        class_attr = f' class="{escape(str(attrs["class"]))}"' if attrs.get("class") else ""
        rows = "".join(f"<div>\n    {_checkbox(option)}</div>" for option in options)
        return mark_safe(f"<div{id_attr}{class_attr}>{rows}\n</div>")


def _checkbox(option: dict) -> str:
    value = f' value="{escape(str(option["value"]))}"' if option["value"] is not None else ""
    box = f'<input type="{escape(option["type"])}" name="{escape(option["name"])}"{value}{_attrs(option["attrs"])}>'
    if not option["wrap_label"]:
        return box
    label_for = f' for="{escape(str(option["attrs"]["id"]))}"' if option["attrs"].get("id") else ""
    return f"<label{label_for}>{box} {escape(str(option['label']))}</label>"
