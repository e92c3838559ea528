"""Packages built to hurt: each is refused with file:location, nothing written."""

import io
import os
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from questions.exchange.foreign.archive import BoundedArchive, ImportLimits, safe_member_name
from questions.exchange.foreign.problems import ImportProblems
from questions.models import Question
from tests.questions.exchange.foreign.decks import legacy_deck, png

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

LIMITS = ImportLimits(
    file_bytes=10 << 20,
    items=1000,
    members=50,
    member_bytes=4 << 20,
    total_bytes=8 << 20,
    ratio=100,
    media=10,
)


def _import(tmp_path, data):
    path = tmp_path / "hostile.apkg"
    path.write_bytes(data)
    call_command("import_bank", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_zip_bomb_is_refused_by_its_ratio():
    bomb = _zip({"collection.anki2": b"\0" * (3 << 20)})
    assert len(bomb) < 10_000
    with pytest.raises(ImportProblems, match="zip bomb"):
        BoundedArchive(bomb, LIMITS)


def test_zip_bomb_is_refused_through_the_command(tmp_path):
    bomb = _zip({"collection.anki2": b"\0" * (400 << 20)})
    with pytest.raises(CommandError, match=r"hostile.apkg:collection.anki2: .*zip bomb"):
        _import(tmp_path, bomb)
    assert not Question.objects.exists()


def test_archive_unpacking_past_the_total_is_refused():
    members = {f"{i}": os.urandom(3 << 20) for i in range(3)}  # incompressible
    with pytest.raises(ImportProblems, match="unpacks to more than"):
        BoundedArchive(_zip(members), LIMITS)


def test_a_member_lying_about_its_size_stops_at_the_limit():
    data = bytearray(_zip({"collection.anki2": b"x" * 1000}))
    # Shrink the sizes the directories claim: the read must still stop.
    archive = BoundedArchive(bytes(data), ImportLimits(**{**LIMITS.__dict__, "member_bytes": 2000}))
    assert archive.read("collection.anki2", limit=10_000) == b"x" * 1000
    with pytest.raises(ImportProblems, match="larger than 10 bytes"):
        archive.read("collection.anki2", limit=10)


def test_too_many_members_are_refused():
    with pytest.raises(ImportProblems, match="more than 50 files"):
        BoundedArchive(_zip({str(i): b"" for i in range(51)}), LIMITS)


def test_nested_archive_is_refused():
    with pytest.raises(ImportProblems) as error:
        BoundedArchive(_zip({"inner.zip": _zip({"a": b"a"})}), LIMITS)
    assert error.value.problems == [("inner.zip", "an archive inside the archive")]


@pytest.mark.parametrize("name", ["../../x", "/etc/passwd", "a/../../b", "C:/x", "a\\..\\b"])
def test_member_names_outside_the_folder_are_refused(name):
    assert not safe_member_name(name)
    with pytest.raises(ImportProblems, match="outside the archive"):
        BoundedArchive(_zip({name: b"x"}), LIMITS)


def test_media_named_to_climb_out_is_refused(tmp_path):
    deck = legacy_deck([(["Q", 'A <img src="../../x">'], "", "g")], media={"../../x": png()})
    with pytest.raises(CommandError, match=r"hostile.apkg:\.\./\.\./x: a media file name"):
        _import(tmp_path, deck)
    assert not Question.objects.exists()


def test_fifty_megabytes_of_media_are_refused(tmp_path):
    huge = png() + os.urandom(50 << 20)
    deck = legacy_deck([(["Q", 'A <img src="big.png">'], "", "g")], media={"big.png": huge})
    with pytest.raises(CommandError, match=r"hostile.apkg:note 1: big.png: larger than"):
        _import(tmp_path, deck)
    assert not Question.objects.exists()


def test_media_that_is_no_image_is_refused(tmp_path):
    deck = legacy_deck([(["Q", 'A <img src="x.png">'], "", "g")], media={"x.png": b"<svg onload=alert(1)>"})
    with pytest.raises(CommandError, match=r"note 1: x.png: not a JPEG, PNG, GIF or WebP image"):
        _import(tmp_path, deck)


def test_a_hundred_thousand_notes_are_refused_past_the_item_limit(tmp_path, settings):
    settings.IMPORT_MAX_ITEMS = 50_000
    deck = legacy_deck([([f"Q{i}", "A"], "", f"g{i}") for i in range(100_000)])
    with pytest.raises(CommandError, match=r"hostile.apkg: more than 50000 notes"):
        _import(tmp_path, deck)
    assert not Question.objects.exists()
