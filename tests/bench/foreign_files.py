"""The foreign files `make bench-import` times: a 10,000-note Anki deck of
Basic notes as web pages paste them (inline styles, lists, `<pre>` code,
`&nbsp;`), written by genanki, and a 10,000-row XLSX spreadsheet."""

import random

import genanki
from openpyxl import Workbook

TOPICS = ["注意力机制", "向量检索", "分布式训练", "模型评估", "推理加速", "embeddings", "RLHF", "tokenizers"]
STYLE = 'style="font-family: Arial; color: rgb(33, 33, 33); background-color: rgb(255, 255, 255);"'
MODEL = genanki.Model(
    1_607_392_320,
    "Basic (bench)",
    fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Extra"}],
    templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{Back}}<hr>{{Extra}}"}],
)


def _back(rng: random.Random, i: int) -> str:
    topic = rng.choice(TOPICS)
    items = "".join(
        f"<li {STYLE}><b>要点{n}</b>：关于{topic}的说明，<code>code_{n}</code></li>" for n in range(1, 5)
    )
    code = (
        f'<pre {STYLE}><code class="language-python">def solve_{i}(xs):\n    return sum(x * x for x in xs)</code></pre>'
        if rng.random() < 0.5
        else ""
    )
    return f"<div {STYLE}><h2 {STYLE}>{topic}</h2><p {STYLE}>第&nbsp;{i}&nbsp;题<br>说明：</p><ul>{items}</ul>{code}</div>"


def write_deck(path, count: int, seed: int = 20) -> None:
    rng = random.Random(seed)
    deck = genanki.Deck(2_059_400_111, "Bench::Interview")
    for i in range(1, count + 1):
        front = (
            f'<div {STYLE}>合成问题 {i}：如何理解<span style="color:red">{rng.choice(TOPICS)}</span>？</div>'
        )
        deck.add_note(
            genanki.Note(
                model=MODEL,
                fields=[front, _back(rng, i), f"<i {STYLE}>解析 {i}</i>"],
                tags=[f"tag{rng.randint(0, 39)}", rng.choice(["difficulty::easy", "difficulty::hard"])],
                guid=f"bench-{i}",
            )
        )
    genanki.Package(deck).write_to_file(str(path))


def write_spreadsheet(path, count: int, seed: int = 21) -> None:
    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["id", "title", "answer", "explanation", "category", "tags", "difficulty", "key points"])
    for i in range(1, count + 1):
        topic = rng.choice(TOPICS)
        answer = "\n".join(f"{n}. **要点{n}**：关于{topic}的说明，包含 `code_{n}`。" for n in range(1, 5))
        sheet.append([
            i, f"表格问题 {i}：{topic}是什么？", answer, f"解析：理解{topic}是关键。",
            rng.choice(["concept", "coding", "evaluation", "challenges"]), f"表格, tag{rng.randint(0, 39)}",
            rng.choice(["easy", "medium", "hard"]), f"! {topic} | {topic.lower()}",
        ])  # fmt: skip
    workbook.save(str(path))
