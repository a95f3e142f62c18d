"""Quality warnings for curators: problems that do not break loading but hurt answers."""

from __future__ import annotations

from bot.core.engine import AnswerEngine, Outcome
from bot.core.loader import Problem


def quality_warnings(engine: AnswerEngine) -> list[Problem]:
    """Self-retrieval failures, colliding questions and entries no question reaches."""
    kb = engine.kb
    warnings: list[Problem] = []
    seen: dict[frozenset[str], tuple[str, str]] = {}
    for entry in kb.entries.values():
        file = kb.entry_files.get(entry.id, "?")
        reached = False
        for question in entry.questions:
            terms = frozenset(engine.terms(question))
            other = seen.get(terms)
            if terms and other and other[0] != entry.id:
                warnings.append(
                    Problem(
                        file,
                        f"question '{question}' collides with '{other[1]}' of entry '{other[0]}'",
                        entry_id=entry.id,
                        field="questions",
                    )
                )
            seen.setdefault(terms, (entry.id, question))

            reply = engine.answer(question)
            if reply.outcome is Outcome.ANSWER and entry.id in (reply.about or (reply.entry_id,)):
                reached = True
            elif reply.outcome is Outcome.ANSWER:
                warnings.append(
                    Problem(
                        file,
                        f"question '{question}' is answered by '{', '.join(reply.about)}' "
                        f"(score {reply.score:.0f})",
                        entry_id=entry.id,
                        field="questions",
                    )
                )
            else:
                candidates = ", ".join(link.id for link in reply.suggestions) or "none"
                warnings.append(
                    Problem(
                        file,
                        f"question '{question}' gets no confident answer ({reply.outcome}: {candidates})",
                        entry_id=entry.id,
                        field="questions",
                    )
                )
        if not reached:
            warnings.append(Problem(file, "no question of this entry reaches it", entry_id=entry.id))
    return warnings
