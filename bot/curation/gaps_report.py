"""`wbv-bot gaps` output: a readable list for curators, or CSV for a spreadsheet."""

from __future__ import annotations

import csv
from typing import TextIO

from bot.core.engine import Reply
from bot.curation.gaps import GapGroup

CSV_COLUMNS = [
    "count",
    "question",
    "variants",
    "best_candidate",
    "best_score",
    "last_asked",
    "now_answered_by",
]


def _now_answered_by(group: GapGroup, rechecked: dict[str, Reply]) -> str:
    reply = rechecked.get(group.representative)
    return reply.entry_id or "" if reply is not None else ""


def format_gaps(groups: list[GapGroup], rechecked: dict[str, Reply]) -> str:
    if not groups:
        return "No unanswered questions recorded in this period."
    lines = []
    for group in groups:
        candidate = (
            f"best candidate: {group.candidate} ({group.best_score:.0f})"
            if group.candidate
            else "no candidate"
        )
        lines.append(f"{group.count:4d}x  {group.representative}   [{candidate}, last {group.last_asked}]")
        variants = [f"{q} ({n}x)" for q, n in group.questions.items() if q != group.representative]
        if variants:
            lines.append("       also: " + "; ".join(variants))
        if rechecked:
            answered = _now_answered_by(group, rechecked)
            lines.append(f"       now: {'answered by ' + answered if answered else 'still not answered'}")
    if rechecked:
        solved = sum(1 for group in groups if _now_answered_by(group, rechecked))
        lines.append(f"\nThe current knowledge base now answers {solved} of {len(groups)} group(s).")
    return "\n".join(lines)


def write_gaps_csv(groups: list[GapGroup], rechecked: dict[str, Reply], out: TextIO) -> None:
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for group in groups:
        variants = " | ".join(q for q in group.questions if q != group.representative)
        writer.writerow([
            group.count, group.representative, variants, group.candidate or "", f"{group.best_score:.1f}",
            group.last_asked, _now_answered_by(group, rechecked) if rechecked else "",
        ])  # fmt: skip
