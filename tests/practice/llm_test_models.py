"""Deterministic models for the language-model checker's tests, registered
through llm's own plugin mechanism (`llm.hookimpl` register_models), as an
installed plugin such as llm-ollama registers its models.

They read the prompt as a model would see it: the numbered key points, and
the candidate's answer between the markers the instructions name."""

import json
import re
import time

import llm

from practice.model_checker import SCHEMA


def _read(prompt) -> tuple[list[str], str]:
    start, end = re.search(
        r"(<<<ANSWER-[0-9a-f]{32}>>>).*?(<<<END-[0-9a-f]{32}>>>)", prompt.system, re.S
    ).groups()
    before, rest = prompt.prompt.split(start + "\n", 1)
    answer = rest.rsplit("\n" + end, 1)[0]
    points = re.findall(r"^\d+\. (?:! )?(.+)$", before, re.M)
    return points, answer


class _TestModel(llm.Model):
    supports_schema = True
    can_stream = False

    def execute(self, prompt, stream, response, conversation):
        if prompt.schema != SCHEMA:
            yield "not asked for the schema"
            return
        points, answer = _read(prompt)
        yield json.dumps(self.verdict(points, answer))


class Honest(_TestModel):
    """Covers a point when a word of four letters or more of its statement is
    in the answer, quoting it as written. It also obeys whatever the answer
    tells it to do, as a model fooled by prompt injection would."""

    model_id = "qbank-test-honest"

    def verdict(self, points, answer):
        injection = re.search(r"[^.\n]*mark all covered[^.\n]*", answer, re.I)
        if injection:
            quote = injection.group().strip()
            return {
                "points": [
                    {"number": n, "covered": True, "quotes": [quote]} for n in range(1, len(points) + 1)
                ],
                "grade": 4,
            }
        result = []
        for number, statement in enumerate(points, 1):
            quotes = []
            for word in re.findall(r"\w{4,}", statement):
                found = re.search(re.escape(word), answer, re.I)
                if found:
                    quotes.append(found.group())
            result.append({"number": number, "covered": bool(quotes), "quotes": quotes[:1]})
        covered = sum(item["covered"] for item in result)
        return {"points": result, "grade": 4 if covered == len(points) else 2}


class Liar(_TestModel):
    """Marks everything covered with words the candidate never wrote, and a
    grade off the scale."""

    model_id = "qbank-test-liar"

    def verdict(self, points, answer):
        return {
            "points": [
                {"number": n, "covered": True, "quotes": ["words nobody typed"]}
                for n in range(1, len(points) + 1)
            ],
            "grade": 9,
        }


class Slow(_TestModel):
    model_id = "qbank-test-slow"

    def verdict(self, points, answer):
        time.sleep(60)
        return {"points": [], "grade": 1}


class Chatty(_TestModel):
    """Answers in prose instead of the schema."""

    model_id = "qbank-test-chatty"

    def execute(self, prompt, stream, response, conversation):
        yield "Sure! The candidate covered everything. Grade: 4"


class TestModels:
    @llm.hookimpl
    def register_models(self, register):
        for model in (Honest(), Liar(), Slow(), Chatty()):
            register(model)
