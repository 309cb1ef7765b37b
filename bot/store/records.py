"""Writing citizen feedback (masked) for the staff console; hand-off requests: bot.store.handoff."""

from bot.privacy import mask_text, storage_key
from bot.store.db import session
from bot.store.models import Feedback

MAX_COMMENT_CHARS = 1000


def record_feedback(conversation_id: str, channel: str, helpful: bool, topic: str = None, comment: str = None) -> int:
    with session() as s:
        row = Feedback(
            conversation_id=storage_key(conversation_id)[:128],
            channel=channel[:32],
            helpful=bool(helpful),
            topic=(topic or None) and topic[:64],
            comment=mask_text((comment or "")[:MAX_COMMENT_CHARS]) or None,
        )
        s.add(row)
        s.flush()
        return row.id
