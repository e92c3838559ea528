"""Key points as HTML for the exports (Anki's back, Moodle's feedback) and
the import preview: the checklist with each point's phrasings, escaped."""

import html

from django.utils.translation import gettext as _


def key_points_html(points) -> str:
    """An HTML list of `points` (KeyPoints), or "" when there are none."""
    items = []
    for point in points:
        text = html.escape(point.statement, quote=False)
        if point.essential:
            text = f"<b>{text}</b> ({html.escape(_('essential'), quote=False)})"
        if point.phrasings:
            text += " — " + html.escape(" / ".join(point.phrasings), quote=False)
        items.append(f"<li>{text}</li>")
    return f"<ul>{''.join(items)}</ul>" if items else ""
