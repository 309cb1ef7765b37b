"""Each step the assistant decided on, as the Reply an adapter sends."""

from assistant.answering import AskRegion, Clarify, NotCovered, Notice, NotInKb, WhichPlace, WhichTopic
from assistant.articles import ArticleLookup
from assistant.compose import Composed
from presentation import replies
from presentation.answer import render_answer
from presentation.articles import article_missing, render_articles
from presentation.payload import Reply


def render(step, lang: str) -> Reply:
    if isinstance(step, Composed):
        return render_answer(step, lang)
    if isinstance(step, ArticleLookup):
        if not step.found:
            return article_missing(step.law_name.in_(lang), step.article_count, step.numbers[0], lang)
        return render_articles(list(step.found), lang, step.version.in_(lang))
    if isinstance(step, Clarify):
        return replies.clarify(
            [(intent, topic.title.in_(lang)) for intent, topic in step.candidates], list(step.ranking), lang
        )
    if isinstance(step, WhichTopic):
        return replies.which_topic(step.region, list(step.topics), lang)
    if isinstance(step, WhichPlace):
        return replies.which_place(list(step.choices), lang)
    if isinstance(step, AskRegion):
        return replies.ask_region(lang, unknown=step.unknown)
    if isinstance(step, NotCovered):
        return replies.not_covered(step.subject, lang)
    if isinstance(step, NotInKb):
        return replies.not_in_kb(step.topic_id, lang)
    if isinstance(step, Notice):
        return replies.small_talk(step.key, lang)
    raise TypeError(f"no rendering for {type(step).__name__}")
