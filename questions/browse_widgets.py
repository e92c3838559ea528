"""The search form's choice widgets, rendered in Python.

Django renders each option of a select or checkbox list through three
nested templates (option, input, attrs); the results page has five such
fields with dozens of options, and on a cold page their templates cost more
than the search. These widgets write the same markup as Django's own
templates (`django/forms/widgets/select.html`, `multiple_input.html`) with
`format_html`, for the flat choice lists the form uses (no option groups:
those fall back to the templates).
"""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict) -> SafeString:
    # attrs.html: False leaves an attribute out, True writes its bare name.
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


def _flat_options(widget: dict):
    """The options of an ungrouped choice list, or None when it has groups."""
    options = []
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            return None
        options.extend(group_choices)
    return options


class Select(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = _flat_options(widget)
        if options is None:
            return super().render(name, value, attrs, renderer)
        rows = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>',
            ((option["value"], _attrs(option["attrs"]), option["label"]) for option in options),
        )
        return format_html('<select name="{}"{}>{}\n</select>', widget["name"], _attrs(widget["attrs"]), rows)


class CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = _flat_options(widget)
        if options is None:
            return super().render(name, value, attrs, renderer)
        rows = format_html_join("", "<div>\n    {}</div>", ((_checkbox(option),) for option in options))
        attrs = widget["attrs"]
        opening = format_html(
            "<div{}{}>",
            format_html(' id="{}"', attrs["id"]) if attrs.get("id") else "",
            format_html(' class="{}"', attrs["class"]) if attrs.get("class") else "",
        )
        return mark_safe(f"{opening}{rows}\n</div>")


def _checkbox(option: dict) -> SafeString:
    box = format_html(
        '<input type="{}" name="{}"{}{}>',
        option["type"],
        option["name"],
        format_html(' value="{}"', option["value"]) if option["value"] is not None else "",
        _attrs(option["attrs"]),
    )
    if not option["wrap_label"]:
        return box
    label_for = format_html(' for="{}"', option["attrs"]["id"]) if option["attrs"].get("id") else ""
    return format_html("<label{}>{} {}</label>", label_for, box, option["label"])
