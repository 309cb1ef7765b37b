"""Words that name social insurance itself, and how a keyword is found in a question.

The "not covered" subjects (housing provident fund, income tax, hukou moves…) must never catch a
question about social insurance: long-term care, medical insurance and the resident schemes are
social insurance. The build refuses a not-covered keyword that overlaps these words, and the query
answers "not covered" only when the question does not name social insurance at all.
"""

import re

# In addition to the insurance-type and scheme aliases of vocabulary.yml.
SOCIAL_INSURANCE_TERMS = (
    "社保",
    "社会保险",
    "五险",
    "养老保险",
    "养老金",
    "医保",
    "医疗保险",
    "长期护理",
    "长护险",
    "护理保险",
    "大病保险",
    "工伤",
    "失业保险",
    "失业金",
    "生育保险",
    "生育津贴",
    "居民医保",
    "新农合",
    "social insurance",
    "social security",
    "shebao",
    "pension",
    "medical insurance",
    "health insurance",
    "long-term care",
    "long term care",
    "work injury",
    "unemployment",
    "maternity",
)


def overlapping_term(keyword: str, terms) -> str:
    """The social-insurance term that contains keyword or is contained in it ('' if none)."""
    word = keyword.strip().lower()
    for term in terms:
        term = term.strip().lower()
        if term and (term in word or word in term):
            return term
    return ""


def names(text: str, keyword: str) -> bool:
    """Whether lower-cased text names keyword: English as whole words, Chinese as a substring."""
    word = keyword.strip().lower()
    if not word:
        return False
    if word.isascii():
        return re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", text) is not None
    return word in text
