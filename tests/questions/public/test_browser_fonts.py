"""Chinese text renders as Chinese in the browser tests' Chromium.

Without a CJK font every Chinese character is drawn as the same empty box
("tofu"), and the other browser tests still pass: axe reads the DOM, not the
pixels. `make browser-deps` installs `fonts-noto-cjk` with Chromium; this
test fails when it is missing.

How it tells: each distinct character of the seed question's heading is drawn
alone on a canvas, in the heading's own font stack and language, beside a
code point of the Private Use Area that no font on the machine has. A missing
glyph is drawn as the fallback box, the same picture for every character, so
real Chinese gives one picture per character, each unlike the box.
"""

from django.core.management import call_command

from questions.models import Question
from tests.browser import live_database, screenshot

pytestmark = live_database

NO_FONT_HAS_THIS = "\ue83a"  # Private Use Area: a box wherever it is drawn

DRAW_EACH = """(element, characters) => {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 80;
  element.append(canvas);  // inherits the heading's language for font fallback
  const context = canvas.getContext('2d', {willReadFrequently: true});
  context.font = `64px ${getComputedStyle(element).fontFamily}`;
  context.textBaseline = 'top';
  const pictures = characters.map(character => {
    context.clearRect(0, 0, 80, 80);
    context.fillText(character, 8, 8);
    return Array.from(context.getImageData(0, 0, 80, 80).data).join(',');
  });
  canvas.remove();
  return pictures;
}"""


def test_chinese_characters_render_as_glyphs_not_boxes(page, builtin_categories):
    call_command("loaddata", "seed_article", verbosity=0)
    question = Question.objects.get(title="什么是大模型？")
    page.goto(question.get_absolute_url())
    heading = page.locator("h1")
    assert heading.inner_text() == "什么是大模型？"

    characters = sorted(set("什么是大模型"))
    pictures = heading.evaluate(DRAW_EACH, [*characters, NO_FONT_HAS_THIS])
    *chinese, box = pictures
    screenshot(page, "question-chinese")

    blank = ",".join(["0"] * len(box.split(",")))
    assert blank not in pictures, "a character drew nothing at all"
    boxes = [character for character, picture in zip(characters, chinese, strict=True) if picture == box]
    assert boxes == [], f"drawn as the missing-glyph box (no CJK font? `make browser-deps`): {''.join(boxes)}"
    assert len(set(chinese)) == len(characters), "different Chinese characters drew the same picture: tofu"
