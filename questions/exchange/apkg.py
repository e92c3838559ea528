"""Questions → a real Anki package (.apkg), written by genanki.

One note type, "qbank", with the fields Title, Prompt, Answer,
Explanation, Key points and Source (a link to the question on the site);
its stylesheet carries Pygments' classes, so code is highlighted as on the
site (and in Anki's night mode). A deck per category ("qbank::<category>"),
tags as the TSV export writes them (`qbank::<category>`, `difficulty::…`,
the question's tags). Note ids and guids come from the question's slug:
exporting again and importing into Anki updates the notes instead of
duplicating them, and `import_bank` reads the package back into the same
questions (exchange/foreign/anki_read.py). Images the texts show that are
stored here are put in the package and their references rewritten.
"""

import hashlib
import html
import itertools
import re
import tempfile
from pathlib import Path, PurePosixPath

import genanki
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from pygments.formatters import HtmlFormatter

from .anki import anki_tags
from .formulas import formulas_for_anki
from .key_points_html import key_points_html

# Fixed for ever: Anki recognises the note type (and updates it) by its id.
MODEL_ID = 1_733_600_000
DECK_ID_BASE = 1_733_700_000_000
# Solutions came last (issue 23): a field added at the end keeps the others' places in decks already imported.
FIELDS = ("Title", "Prompt", "Answer", "Explanation", "Key points", "Source", "Solutions")
CSS = (
    ".card { font-family: -apple-system, 'Segoe UI', 'Noto Sans CJK SC', sans-serif; font-size: 18px;"
    " line-height: 1.5; text-align: left; color: #1d1f23; background: #fff; }\n"
    ".nightMode.card, .night_mode .card { color: #e6e6e6; background: #1e1f22; }\n"
    ".qbank-title { font-size: 1.2em; margin: 0 0 .6em; }\n"
    ".qbank-label { font-size: .8em; text-transform: uppercase; opacity: .7; margin: 1.2em 0 .3em; }\n"
    ".qbank-source { font-size: .8em; margin-top: 1.5em; }\n"
    ".highlight { padding: .6em .8em; border-radius: 6px; overflow-x: auto; background: #f6f8fa; }\n"
    "pre { white-space: pre; }\n"
    "img { max-width: 100%; height: auto; }\n"
    + HtmlFormatter(style="default").get_style_defs(".highlight")
    + "\n"
    + HtmlFormatter(style="monokai").get_style_defs(".nightMode .highlight")
)
_IMAGE_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]+)(")')


def note_id(slug: str) -> int:
    """A stable note id of Anki's range (milliseconds since 1970) from the slug."""
    return 1_000_000_000_000 + int(hashlib.sha256(slug.encode()).hexdigest()[:12], 16) % 900_000_000_000


def deck_id(category_slug: str) -> int:
    return DECK_ID_BASE + int(hashlib.sha256(category_slug.encode()).hexdigest()[:8], 16) % 1_000_000


def qbank_model() -> genanki.Model:
    label = f'<div class="qbank-label">{html.escape(_("Explanation"))}</div>'
    points = f'<div class="qbank-label">{html.escape(_("Key points"))}</div>'
    solutions = f'<div class="qbank-label">{html.escape(_("Solutions by language"))}</div>'
    return genanki.Model(
        MODEL_ID,
        "qbank",
        fields=[{"name": name} for name in FIELDS],
        templates=[
            {
                "name": "Question",
                "qfmt": '<h2 class="qbank-title">{{Title}}</h2>{{Prompt}}',
                "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}'
                f"{{{{#Explanation}}}}{label}{{{{Explanation}}}}{{{{/Explanation}}}}"
                f"{{{{#Key points}}}}{points}{{{{Key points}}}}{{{{/Key points}}}}"
                f"{{{{#Solutions}}}}{solutions}{{{{Solutions}}}}{{{{/Solutions}}}}"
                '{{#Source}}<div class="qbank-source">{{Source}}</div>{{/Source}}',
            }
        ],
        css=CSS,
    )


class _StableNote(genanki.Note):
    """genanki numbers notes from the clock; Anki keeps a note's id, so ours
    comes from the slug (cards still take the clock's)."""

    def __init__(self, *, stable_id: int, **kwargs):
        super().__init__(**kwargs)
        self.stable_id = stable_id

    def write_to_db(self, cursor, timestamp, deck_id, id_gen):
        super().write_to_db(cursor, timestamp, deck_id, itertools.chain([self.stable_id], id_gen))


class _Media:
    """Images stored here that the texts show: copied into the package, the
    reference becoming the bare file name Anki looks up."""

    def __init__(self, folder: Path):
        self.folder, self.paths = folder, {}
        self.prefix = settings.MEDIA_URL if settings.MEDIA_URL.startswith("/") else f"/{settings.MEDIA_URL}"

    def rewrite(self, fragment: str) -> str:
        return _IMAGE_SRC.sub(lambda m: m[1] + self._packaged(m[2]) + m[3], fragment)

    def _packaged(self, src: str) -> str:
        if not src.startswith(self.prefix):
            return src
        stored = src.removeprefix(self.prefix)
        name = PurePosixPath(stored).name
        if name in self.paths:
            return name
        if ".." in stored.split("/") or not default_storage.exists(stored):
            return src
        target = self.folder / name
        with default_storage.open(stored, "rb") as source:
            target.write_bytes(source.read())
        self.paths[name] = str(target)
        return name


def _source_link(question) -> str:
    if not settings.SITE_URL:
        return ""
    url = settings.SITE_URL.rstrip("/") + question.get_absolute_url()
    return f'<a href="{html.escape(url)}">{html.escape(url)}</a>'


def _key_points(question) -> str:
    """The checklist as the other exports show it; `import_bank` reads it back."""
    return key_points_html(question.parsed_key_points())


def write_apkg(questions, stream, *, progress=None) -> int:
    """Write the package to the binary `stream`; the number of notes."""
    model = qbank_model()
    decks: dict[str, genanki.Deck] = {}
    count = 0
    with tempfile.TemporaryDirectory() as folder:
        media = _Media(Path(folder))
        for question in questions:
            category = question.category
            deck = decks.get(category.slug)
            if deck is None:
                deck = decks[category.slug] = genanki.Deck(deck_id(category.slug), f"qbank::{category.label}")
            fields = [
                html.escape(question.title, quote=False),
                # Anki's MathJax renders the TeX; MathML would depend on the device's engine.
                media.rewrite(formulas_for_anki(question.body_html)),
                media.rewrite(formulas_for_anki(question.answer_html)),
                media.rewrite(formulas_for_anki(question.explanation_html)),
                _key_points(question),
                _source_link(question),
                media.rewrite(question.solutions_html),
            ]
            deck.add_note(
                _StableNote(
                    stable_id=note_id(question.slug),
                    model=model,
                    fields=fields,
                    tags=anki_tags(question).split(),
                    guid=f"qbank:{question.slug}",
                )
            )
            count += 1
            if progress:
                progress.advance()
        out = Path(folder) / "out.apkg"
        package_decks = list(decks.values()) or [genanki.Deck(DECK_ID_BASE, "qbank")]
        genanki.Package(package_decks, list(media.paths.values())).write_to_file(str(out))
        with out.open("rb") as written:
            while chunk := written.read(1 << 20):
                stream.write(chunk)
    return count
