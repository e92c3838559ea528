"""Moodle XML in: each supported type, category paths, files, hostile XML."""

import base64
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from questions.models import Question
from tests.questions.exchange.foreign.decks import png

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

BANK = f"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/Data science/Statistics</text></category></question>
  <question type="essay">
    <name><text>Explain p-values</text></name>
    <questiontext format="html"><text><![CDATA[<p style="color:red">What does a <b>p-value</b> say?</p>
      <img src="@@PLUGINFILE@@/chart%20one.png">]]></text>
      <file name="chart one.png" path="/" encoding="base64">{base64.b64encode(png()).decode()}</file>
    </questiontext>
    <generalfeedback format="html"><text>&lt;p&gt;Common mistake: it is not P(H0).&lt;/p&gt;</text></generalfeedback>
    <graderinfo format="html"><text>&lt;p&gt;The probability of data this extreme under H0.&lt;/p&gt;</text></graderinfo>
    <tags><tag><text>hard</text></tag><tag><text>stats</text></tag></tags>
  </question>
  <question type="shortanswer">
    <name><text>Capital of France</text></name>
    <questiontext format="moodle_auto_format"><text>Name the capital
of France.</text></questiontext>
    <answer fraction="100"><text>Paris</text><feedback><text>Right.</text></feedback></answer>
    <answer fraction="0"><text>Lyon</text></answer>
  </question>
  <question type="truefalse">
    <name><text>Sky</text></name>
    <questiontext format="plain_text"><text>The sky is green.</text></questiontext>
    <answer fraction="0"><text>true</text></answer>
    <answer fraction="100"><text>false</text><feedback><text>It is blue.</text></feedback></answer>
  </question>
  <question type="multichoice">
    <name><text>Pick primes</text></name>
    <questiontext format="html"><text>Which are prime?</text></questiontext>
    <answer fraction="50"><text>2</text></answer>
    <answer fraction="-50"><text>4</text></answer>
    <answer fraction="50"><text>5</text><feedback><text>Yes.</text></feedback></answer>
  </question>
  <question type="cloze">
    <name><text>Germany</text></name>
    <questiontext format="html"><text>The capital is {{1:SHORTANSWER:=Berlin#ok~%0%Bonn}} on the {{1:MULTICHOICE_V:River~=Spree}}.</text></questiontext>
  </question>
  <question type="description">
    <name><text>Intro</text></name>
    <questiontext format="html"><text>Read this first.</text></questiontext>
  </question>
  <question type="calculated"><name><text>Compute</text></name></question>
</quiz>
"""


def _import(tmp_path, data, *args, name="bank.xml"):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    out, err = io.StringIO(), io.StringIO()
    call_command("import_bank", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_every_supported_type_becomes_a_question(tmp_path):
    out, err = _import(tmp_path, BANK)
    assert "5 created" in out
    essay = Question.objects.get(title="Explain p-values")
    assert essay.body.startswith("What does a **p-value** say?")
    assert "/media/markdownx/imported/" in essay.body
    assert "style" not in essay.body
    assert essay.answer == "The probability of data this extreme under H0."
    assert essay.explanation == "Common mistake: it is not P(H0)."
    assert essay.difficulty == "hard"
    assert sorted(essay.tags.values_list("name", flat=True)) == ["Data science/Statistics", "stats"]
    assert Question.objects.get(title="Capital of France").answer == "- Paris — Right."
    assert Question.objects.get(title="Sky").answer == "false — It is blue."
    primes = Question.objects.get(title="Pick primes")
    assert "- A. 2\n- B. 4\n- C. 5" in primes.body
    assert primes.answer == "- A. 2\n- C. 5 — Yes."
    cloze = Question.objects.get(title="Germany")
    assert cloze.body == "The capital is [1] on the [2]."
    assert cloze.answer == "1. Berlin\n2. Spree"
    assert "question 7: skipped: a description" in err
    assert "question 8: skipped: the question type “calculated” is not imported" in err


def test_reimport_of_moodle_creates_no_duplicates(tmp_path):
    _import(tmp_path, BANK)
    out, _err = _import(tmp_path, BANK)
    assert "0 created, 0 updated, 5 unchanged" in out


def test_billion_laughs_is_refused(tmp_path):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
            for i in range(1, 10)
        )
        + ']><quiz><question type="essay"><name><text>&lol9;</text></name></question></quiz>'
    )
    with pytest.raises(CommandError, match=r"bank.xml: refused XML \(EntitiesForbidden\)"):
        _import(tmp_path, laughs, "--format", "moodle")
    assert not Question.objects.exists()


def test_malformed_xml_names_its_line(tmp_path):
    with pytest.raises(CommandError, match=r"bank.xml:line 3: not well-formed XML"):
        _import(tmp_path, "<quiz>\n<question>\n</quiz", "--format", "moodle")


def test_plugin_file_that_is_no_image_is_refused(tmp_path):
    bad = BANK.replace(base64.b64encode(png()).decode(), base64.b64encode(b"<svg/>").decode())
    with pytest.raises(CommandError, match=r"bank.xml:question 2: chart one.png: not a JPEG"):
        _import(tmp_path, bad)
