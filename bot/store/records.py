"""Writing citizen feedback and hand-off requests (masked) for the staff console."""
from bot.privacy import mask_text, storage_key
from bot.store.db import session
from bot.store.models import Feedback, HandoffRequest

MAX_COMMENT_CHARS = 1000


def record_feedback(conversation_id: str, channel: str, helpful: bool, topic: str = None,
                    comment: str = None) -> int:
    with session() as s:
        row = Feedback(conversation_id=storage_key(conversation_id)[:128], channel=channel[:32], helpful=bool(helpful),
                       topic=(topic or None) and topic[:64],
                       comment=mask_text((comment or "")[:MAX_COMMENT_CHARS]) or None)
        s.add(row)
        s.flush()
        return row.id


def record_handoff(conversation_id: str, channel: str, topic: str = None, note: str = None) -> int:
    with session() as s:
        row = HandoffRequest(conversation_id=storage_key(conversation_id)[:128], channel=channel[:32],
                             topic=(topic or None) and topic[:64],
                             note=mask_text((note or "")[:MAX_COMMENT_CHARS]) or None)
        s.add(row)
        s.flush()
        return row.id
