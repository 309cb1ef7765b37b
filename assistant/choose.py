"""Which answer of a topic fits the question: by entities (scheme, insurance type) and keywords.

An answer applies when every condition it states holds; among those that apply, the one meeting
the most conditions wins, and the earlier one on a tie. The topic's default answer states none,
so it always applies. Adding a sub-answer is a YAML edit (`when:` in knowledge/sources/topics).
"""
from typing import Optional

from knowledge import query
from knowledge.query import AnswerRule


def keyword_hit(rule: AnswerRule, text: str) -> bool:
    lowered = (text or "").lower()
    return any(k in lowered for k in rule.keywords.zh + rule.keywords.en)


def _score(rule: AnswerRule, text: str, scheme: Optional[str], insurance_type: Optional[str]) -> Optional[int]:
    """Conditions met, or None when a stated condition does not hold."""
    score = 0
    for wanted, value in ((rule.schemes, scheme), (rule.insurance_types, insurance_type)):
        if wanted is not None:
            if value not in wanted:
                return None
            score += 1
    if rule.keywords is not None:
        if not keyword_hit(rule, text):
            return None
        score += 2  # a keyword names the sub-question itself: more specific than an entity
    return score


def choose(topic_id: str, text: str = "", scheme: str = None, insurance_type: str = None) -> Optional[AnswerRule]:
    """The best-fitting answer rule of topic_id (ids of scheme and insurance type); None if no topic."""
    best, best_score = None, -1
    for rule in query.answer_rules(topic_id):
        score = _score(rule, text, scheme, insurance_type)
        if score is not None and score > best_score:
            best, best_score = rule, score
    return best
