"""Telegram HTML rendering: escaping, and splitting long answers without breaking markup."""

from __future__ import annotations

import re
from html import unescape

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.engine import Outcome, Reply
from bot.tg.render import MAX_MESSAGE_LENGTH, plain_messages, reply_paragraphs, split_messages, visible_length


def make_reply(body: str, title: str | None = "Titel") -> Reply:
    return Reply("frage", "de", Outcome.ANSWER, body, entry_id="x", title=title)


def test_title_is_bold_and_user_or_curator_text_is_escaped() -> None:
    paragraphs = reply_paragraphs(make_reply("a < b & <i>c</i>\n\nZweiter Absatz", title="Q&A <3"))
    assert paragraphs == [
        "<b>Q&amp;A &lt;3</b>",
        "a &lt; b &amp; &lt;i&gt;c&lt;/i&gt;",
        "Zweiter Absatz",
    ]


def test_short_reply_is_one_message() -> None:
    assert split_messages(["<b>T</b>", "Text"]) == ["<b>T</b>\n\nText"]


def test_long_reply_splits_at_paragraph_boundaries() -> None:
    paragraphs = ["<b>Titel</b>"] + [f"Absatz {n} " + "x" * 1000 for n in range(10)]
    messages = split_messages(paragraphs)
    assert len(messages) == 3
    assert all(visible_length(m) <= MAX_MESSAGE_LENGTH for m in messages)
    assert "\n\n".join(messages) == "\n\n".join(paragraphs)
    assert all(m.startswith(("<b>Titel</b>", "Absatz")) for m in messages)


def test_oversized_paragraph_splits_at_lines_then_words_then_anywhere() -> None:
    lines = "\n".join("Zeile " + "y" * 90 for _ in range(100))
    assert all(visible_length(m) <= 4096 for m in split_messages([lines]))
    words = " ".join(["Wort"] * 3000)
    messages = split_messages([words])
    assert all(visible_length(m) <= 4096 for m in messages)
    assert " ".join(messages) == words
    blob = "&amp;" * 5000  # 5,000 visible characters
    parts = split_messages([blob])
    assert [visible_length(p) for p in parts] == [4096, 904]
    assert "".join(parts) == blob
    assert all(p.endswith(";") for p in parts)  # never inside an entity


def test_length_counts_the_text_telegram_shows_not_the_markup() -> None:
    assert visible_length("<b>Q&amp;A</b> &lt;3") == len("Q&A <3")
    assert split_messages(["&lt;" * 4096]) == ["&lt;" * 4096]


def test_emoji_count_as_two_utf16_units() -> None:
    messages = split_messages(["😀" * 3000])
    assert [visible_length(m) for m in messages] == [4096, 1904]


TAG = re.compile(r"</?b>")


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=0, max_size=9000), st.text(min_size=1, max_size=80))
def test_any_text_renders_to_balanced_html_within_limits(body: str, title: str) -> None:
    messages = split_messages(reply_paragraphs(make_reply(body, title=title)))
    for message in messages:
        assert 0 < visible_length(message) <= MAX_MESSAGE_LENGTH
        stripped = TAG.sub("", message)
        assert "<" not in stripped and ">" not in stripped  # only our own tags remain
        assert message.count("<b>") == message.count("</b>")
        assert not re.search(r"&(?!amp;|lt;|gt;)", message)  # every & starts an entity
    assert unescape(TAG.sub("", messages[0])).startswith(title)


def test_a_long_plain_text_is_escaped_and_split_without_losing_a_line() -> None:
    lines = [f"- problems.yaml:{n}, entry 'e_{n}': <ungültig> & zu lang 😀" for n in range(300)]
    text = "Der Bericht:\n" + "\n".join(lines)
    messages = plain_messages(text)
    assert len(messages) > 1
    assert all(visible_length(message) <= MAX_MESSAGE_LENGTH for message in messages)
    assert "\n".join(unescape(message) for message in messages) == text
    assert plain_messages("kurz & <klar>") == ["kurz &amp; &lt;klar&gt;"]
