"""The one answering action for every ask_* intent, region follow-ups and article look-ups.

Content lives in the knowledge base: adding a topic means a YAML file and training examples,
not code here.
"""
from rasa_sdk import Action
from rasa_sdk.events import SlotSet

from actions.clarify import clarify
from assistant.choose import choose
from actions.context import MAX_MESSAGE_CHARS, read_turn
from actions.dispatch import send
from actions.calculator import calc_follow_up, calc_reset
from presentation.wording import msg
from actions.render import Reply, render_answer, render_articles
from knowledge import query
from knowledge.numerals import cn_to_int, find_article_numbers

DEFAULT_LAW = "social_insurance_law"
FOLLOW_UP_TOPICS = ("ask_cost", "ask_documents", "ask_process", "ask_where_to_pay")


class ActionAnswer(Action):
    def name(self) -> str:
        return "action_answer"

    def run(self, dispatcher, tracker, domain):
        follow_up = calc_follow_up(dispatcher, tracker)  # a correction after a calculator result
        if follow_up is not None:
            return follow_up
        turn = read_turn(tracker)
        events = [SlotSet("language", turn.lang)] + calc_reset(tracker)
        if turn.region:
            events.append(SlotSet("region", turn.region.name_zh))
        if len(turn.text) > MAX_MESSAGE_CHARS:
            dispatcher.utter_message(text=msg("too_long", turn.lang))
        if turn.intent == "inform" and not turn.entities:
            clarify(dispatcher, turn)  # a "follow-up" that names nothing is a misread, not a question
            return events
        topic_id = turn.intent if query.topic(turn.intent or "") else tracker.get_slot("last_topic")
        if topic_id is None:
            send(dispatcher, self._which_topic(turn))
            return events
        events += [SlotSet("last_topic", topic_id), SlotSet("insurance_type", turn.insurance_type)]
        if topic_id == "ask_legal_basis":
            reply = self._articles(turn)
            if reply is not None:
                send(dispatcher, reply)
                return events
        rule = choose(topic_id, turn.text, scheme=_term_id("scheme", turn.scheme),
                      insurance_type=_term_id("insurance_type", turn.insurance_type))
        found = query.answer(rule.answer_id, region=turn.region.id if turn.region else None) if rule else None
        if found is None:
            dispatcher.utter_message(text=msg("not_in_kb", turn.lang),
                                     json_message={"topic": topic_id, "language": turn.lang, "citations": []})
            return events
        send(dispatcher, render_answer(found, turn.lang, turn.region))
        return events

    @staticmethod
    def _which_topic(turn) -> Reply:
        if turn.region is None:
            return Reply(msg("unknown_region", turn.lang), [], {"topic": None, "language": turn.lang})
        buttons = []
        for topic_id in FOLLOW_UP_TOPICS:
            info = query.topic(topic_id)
            if info:
                buttons.append({"title": info.title.in_(turn.lang), "payload": f"/{topic_id}"})
        return Reply(msg("which_topic_for_region", turn.lang, region=turn.region.name.in_(turn.lang)), buttons,
                     {"topic": None, "region": turn.region.name_zh, "region_id": turn.region.id,
                      "language": turn.lang, "citations": []})

    @staticmethod
    def _articles(turn):
        """Article look-up when the message names article numbers; None to fall back to the topic."""
        numbers = []
        for raw in turn.entity_values("article"):
            numbers += find_article_numbers(str(raw)) or _bare_number(str(raw))
        numbers += [n for n in find_article_numbers(turn.text) if n not in numbers]
        if not numbers:
            return None
        law_id = query.find_law(turn.text) or DEFAULT_LAW
        found = query.articles(law_id, numbers)
        version = query.law_version(law_id).in_(turn.lang)
        law_name = dict(query.laws())[law_id].in_(turn.lang)
        if not found:
            return Reply(msg("article_missing", turn.lang, law=law_name, count=query.article_count(law_id),
                             number=numbers[0]), [], {"topic": "ask_legal_basis", "language": turn.lang,
                                                      "citations": []})
        return render_articles(found, turn.lang, law_name, version)


def _term_id(kind: str, value):
    term = query.resolve_term(kind, value) if value else None
    return term.id if term else None


def _bare_number(raw: str) -> list:
    try:
        return [cn_to_int(raw.strip("第条 "))]
    except ValueError:
        return []
