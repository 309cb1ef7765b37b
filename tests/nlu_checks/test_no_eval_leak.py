"""The evaluation questions measure generalisation: none of them may be trained on.

The real questions (sets A and B, eval/real_questions and eval/real_questions_b; our own set C,
eval/real_questions_c) and our own evaluation sets (eval/*.yml: two questions in one, repairs, out
of scope) are checked alike, against data/ and the story openings the n-gram model is also
trained on (bot/nlp/background.yml).

Questions and training examples are compared in their normalised form (knowledge.textnorm.key:
NFKC, simplified, lower-case, no spaces or punctuation). A failure names the training file and the
evaluation part, never the question itself.
"""

import csv
import re
from pathlib import Path

import pytest
import yaml

from knowledge.textnorm import key

ROOT = Path(__file__).resolve().parents[2]
REAL_PARTS = [
    ("real_questions", "tune"),
    ("real_questions", "holdout"),
    ("real_questions_b", "tune"),
    ("real_questions_b", "holdout"),
    ("real_questions_c", "test"),
]
MARKUP = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}")
# Near-copies count too: a question of this length or more inside a training example, or a
# training example that is most (this share) of a question.
CONTAINED_MIN = 10
MOST = 0.8


def eval_keys(folder: str, part: str) -> set:
    with open(ROOT / "eval" / folder / f"{part}.tsv", encoding="utf-8", newline="") as handle:
        return {key(row["question"]) for row in csv.DictReader(handle, delimiter="\t")}


def own_set_keys(name: str) -> set:
    """Every `text` (or plain string) in one of our evaluation sets."""

    def texts(node):
        if isinstance(node, dict):
            return [node["text"]] if "text" in node else [t for v in node.values() for t in texts(v)]
        if isinstance(node, list):
            return [t for v in node for t in texts(v)]
        return [node] if isinstance(node, str) else []

    return {key(t) for t in texts(yaml.safe_load((ROOT / "eval" / name).read_text(encoding="utf-8")))}


def training_keys() -> list:
    """(file, key) of every example under data/."""
    out = []
    for path in sorted((ROOT / "data").rglob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []) or []:
            for line in str(block.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    text = MARKUP.sub(lambda m: m.group(1) or m.group(2), line[2:])
                    out.append((path.relative_to(ROOT), key(text)))
    background = ROOT / "bot" / "nlp" / "background.yml"
    for lang in (yaml.safe_load(background.read_text(encoding="utf-8")) or {}).values():
        out += [(background.relative_to(ROOT), key(t)) for texts in lang.values() for t in texts]
    return out


def leaks(questions: set, examples: list) -> list:
    found = []
    for path, example in examples:
        if example in questions or any(
            len(q) >= CONTAINED_MIN and q in example or example in q and len(example) >= MOST * len(q)
            for q in questions
        ):
            found.append(str(path))
    return found


@pytest.mark.parametrize(("folder", "part"), REAL_PARTS)
def test_no_real_question_is_in_the_training_data(folder, part):
    questions = eval_keys(folder, part)
    assert len(questions) > 20
    found = leaks(questions, training_keys())
    assert not found, f"{len(found)} training examples copy {folder}/{part} questions, in: {sorted(set(found))}"


@pytest.mark.parametrize("name", ["two_questions.yml", "repairs.yml", "out_of_scope.yml"])
def test_no_question_of_our_own_sets_is_in_the_training_data(name):
    questions = own_set_keys(name)
    assert len(questions) >= 20
    found = leaks(questions, training_keys())
    assert not found, f"{len(found)} training examples copy {name} questions, in: {sorted(set(found))}"


def test_the_check_catches_a_copy_in_another_script_and_spacing():
    questions = {key("我是靈活就業　在深圳，每個月繳多少？")}
    assert leaks(questions, [("x.yml", key("我是灵活就业在深圳 每个月缴多少"))]) == ["x.yml"]
    assert leaks(questions, [("x.yml", key("请问我是灵活就业在深圳每个月缴多少呢"))]) == ["x.yml"]
    assert leaks(questions, [("x.yml", key("灵活就业在深圳每个月缴多少"))]) == ["x.yml"]
    assert leaks(questions, [("x.yml", key("深圳灵活就业每月缴多少"))]) == []
    assert leaks(questions, [("x.yml", key("灵活就业"))]) == []
