"""Property-based tests: whatever people type, the bot gives a valid reply and never an exception.

Every message is checked with the fake Bot API's port of Telegram's own HTML parser, so "valid"
means "Telegram would accept it", independent of our renderer.
"""

from __future__ import annotations

import random
from pathlib import Path

from fakes.telegram import FakeBotAPI, make_user, parse_html, utf16_len
from helpers import running_bot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.engine import AnswerEngine, Outcome
from bot.tg.keyboards import reply_keyboard
from bot.tg.render import MAX_MESSAGE_LENGTH, reply_paragraphs, split_messages

FRAGMENTS = [
    "<b>", "</b>", "<i>x</i>", "<script>alert(1)</script>", "&", "&amp;", "&#0;", "<", ">", "**fett**", "_k_",
    "`code`", "[link](http://x)", "<a href='x'>", "\u202e", "\u200f", "שלום", "مرحبا", "🙂", "👩‍👩‍👧", "\x00",
    "\x1b[31m", "\r\n", "\t", "Werkstattgespräch", "Pop-up-Store", "Wer ist", "Frank", "Schmidt", "?", "…",
]  # fmt: skip

messages = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=5000),
    st.text(alphabet=" \t\n\r\u00a0\u2003", max_size=50),
    st.text(alphabet="!?.,;:-_()[]{}\"'«»„“", max_size=50),
    st.text(alphabet="🙂😀👍🎉🤔📸👩‍👩‍👧", max_size=40),
    st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join),
    st.lists(st.sampled_from(FRAGMENTS), max_size=30).map(" ".join),
    st.just("x" * 4000),
)


def assert_telegram_valid(engine: AnswerEngine, text: str) -> None:
    reply = engine.answer(text)
    assert reply.outcome in set(Outcome)
    chunks = split_messages(reply_paragraphs(reply))
    assert chunks
    for chunk in chunks:
        visible, _ = parse_html(chunk)  # raises like Telegram's "can't parse entities"
        assert visible.strip()
        assert utf16_len(visible) <= MAX_MESSAGE_LENGTH
    markup = reply_keyboard(reply, engine)
    if markup is not None:
        for row in markup.inline_keyboard:
            for button in row:
                assert button.text and 1 <= len(button.callback_data.encode()) <= 64


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messages)
def test_the_engine_answers_anything_with_telegram_valid_html(
    shipped_engine: AnswerEngine, text: str
) -> None:
    assert_telegram_valid(shipped_engine, text)


@settings(max_examples=100, deadline=None)
@given(messages, st.sampled_from(["de", "en"]))
def test_any_language_choice_works(shipped_engine: AnswerEngine, text: str, lang: str) -> None:
    reply = shipped_engine.answer(text, lang)
    assert reply.lang == lang


async def test_the_message_handler_answers_nasty_messages_through_telegram(
    api: FakeBotAPI, services, tmp_path: Path
) -> None:
    """Seeded mixes of the same fragments and random code points, through the bot and the strict fake."""
    rng = random.Random(20261124)
    mixes = ["".join(rng.choices(FRAGMENTS, k=rng.randint(1, 12))) for _ in range(30)]
    noise = ["".join(chr(rng.choice([rng.randint(0x20, 0x2FFF), rng.randint(0x1F300, 0x1FAFF)]))
                     for _ in range(rng.randint(1, 400))) for _ in range(15)]  # fmt: skip
    texts = [
        t for t in dict.fromkeys(FRAGMENTS + mixes + noise + ["x" * 4000]) if t.strip() and "\x00" not in t
    ]
    users = [make_user(f"U{n}", language_code="de") for n in range(len(texts))]
    async with running_bot(api, services, tmp_path):
        for user, text in zip(users, texts, strict=True):
            api.send_text(user, None, text)
        await api.wait_until(
            lambda: {m.chat_id for m in api.sent_messages} == {u.id for u in users}, timeout=30
        )
    assert not [c for c in api.calls if c.method == "sendMessage" and c.status != 200]
    assert not [m for m in api.sent_messages if "schiefgelaufen" in m.plain_text]
