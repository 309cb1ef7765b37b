"""What the assistant missed: review lists, transcripts, period counts and the unanswered phrasings.

rows (the tracker store read as turns, the period, transcripts) ← items (the review index) ←
groups (grouping, paging, 'handled' marks) ← stats (the statistics page) and export (for trainers).
The console's pages and the command line use the names below.
"""

from bot.staff.review.export import export_csv, export_yaml
from bot.staff.review.groups import group_id, mark_groups, mark_handled, marks_for, review_page
from bot.staff.review.items import review_items
from bot.staff.review.rows import REASONS, Period, local_time, period_turns, transcript
from bot.staff.review.stats import Phrasing, stats, unanswered

__all__ = [
    "REASONS",
    "Period",
    "Phrasing",
    "export_csv",
    "export_yaml",
    "group_id",
    "local_time",
    "mark_groups",
    "mark_handled",
    "marks_for",
    "period_turns",
    "review_items",
    "review_page",
    "stats",
    "transcript",
    "unanswered",
]
