"""The question log: every question asked on every surface, and feedback on the answers."""

from app.store.question_log import (
    QuestionLog,
    StoreUnavailable,
    Timer,
    new_answer_id,
    salted_hash,
)
from app.store.recorder import Recorder
from app.store.store import Pruned, QuestionRecord, Store

__all__ = [
    "Pruned",
    "QuestionLog",
    "QuestionRecord",
    "Recorder",
    "Store",
    "StoreUnavailable",
    "Timer",
    "new_answer_id",
    "salted_hash",
]
