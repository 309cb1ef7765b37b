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


def _score(
    rule: AnswerRule, text: str, scheme: Optional[str], insurance_type: Optional[str], keywords: bool = True
) -> Optional[int]:
    """Conditions met, or None when a stated condition does not hold (keywords only when asked)."""
    score = 0
    for wanted, value in ((rule.schemes, scheme), (rule.insurance_types, insurance_type)):
        if wanted is not None:
            if value not in wanted:
                return None
            score += 1
    if rule.keywords is not None and keywords:
        if not keyword_hit(rule, text):
            return None
        score += 2  # a keyword names the sub-question itself: more specific than an entity
    return score


def choose(
    topic_id: str, text: str = "", scheme: str = None, insurance_type: str = None, previous: str = None
) -> Optional[AnswerRule]:
    """The best-fitting answer rule of topic_id (ids of scheme and insurance type); None if no topic.

    previous: the answer given to the question a follow-up re-asks ("那上海呢", "不对，是重庆"); it
    is kept while the entities it states still hold, since the follow-up repeats none of its keywords.
    """
    if previous is not None:
        kept = next((r for r in query.answer_rules(topic_id) if r.answer_id == previous), None)
        if kept is not None and _score(kept, "", scheme, insurance_type, keywords=False) is not None:
            return kept
    best, best_score = None, -1
    for rule in query.answer_rules(topic_id):
        score = _score(rule, text, scheme, insurance_type)
        if score is not None and score > best_score:
            best, best_score = rule, score
    return best
