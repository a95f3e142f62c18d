"""`make bench`: every benchmark in one run, printed as Markdown tables with the machine noted."""

from __future__ import annotations

import multiprocessing
import os
import platform
import sys
from collections.abc import Iterable
from datetime import UTC, datetime

from bench import burst, matching, startup
from bot.core import normalize

Check = tuple[str, str, bool]  # target, measured, met
BURST_NAMES = {
    "wbv": "WBV-Bot (WBV_FLOOD_LIMITS=false)",
    "echo": "bare PTB echo bot",
    "echo-outbox": "PTB echo bot sending through our outbox (limits off): our in-flight policy, no work",
}


def row(*cells: object) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def table(header: list[str], align: str) -> None:
    print(row(*header))
    print(row(*("---:" if a == "r" else "---" for a in align)))


def machine() -> str:
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            model = next(line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}, {platform.system()}"


def _tail(timing: matching.Timing) -> str:
    return f"{timing.p99_ms:.3f}" + (" (max)" if timing.tail == "max" else "")


def _spread(timing: matching.Timing) -> str:
    return f"{timing.p99_min_ms:.3f}–{timing.p99_max_ms:.3f}"


def report_matching(result: matching.MatchingResults) -> None:
    print("\n## Matching: latency per question (single thread)\n")
    header = ["knowledge base", "method", "questions per run", "median ms", "p99 ms",
              "p99 range over runs ms", "questions/s", "engine faster (median)"]  # fmt: skip
    table(header, "llrrrrrr")
    for base, timings in result.bases.items():
        engine = timings.methods["engine"]
        rows = [
            ("engine, cold", timings.cold, ""),
            ("engine, warm (caches kept from earlier questions)", timings.warm, ""),
            ("engine, cold, the baselines' questions", engine, ""),
        ]
        rows += [(method, timing, f"{timing.median_ms / engine.median_ms:,.0f}×")
                 for method, timing in timings.methods.items() if method != "engine"]  # fmt: skip
        for method, timing, speedup in rows:
            print(row(base, method, timing.samples, f"{timing.median_ms:.3f}", _tail(timing), _spread(timing),
                      f"{timing.per_second:,.0f}", speedup))  # fmt: skip
    runs = next(iter(result.bases.values())).cold.runs
    print(
        f"\n(Median over {runs} runs of each run's median and p99; the range is the lowest and highest p99 "
        "of the runs; (max): under 100 questions per run the tail is the maximum. Every question is "
        "distinct: the labelled questions (for a generated knowledge base, questions sampled from its "
        "entries), typos of them, random words from them, and noise of 300 and 4,000 characters. Cold: "
        "reply cache off and the per-token caches cleared before every question; warm: per-token caches "
        "emptied at the start of each run and then kept, so a question gains from the words of the "
        "questions before it, as in the bot. rapidfuzz WRatio and difflib are too slow for every "
        "question, so they get a seeded subset with the same mix of kinds, and the engine's row on the "
        "same questions comes from the same runs; all methods are interleaved run by run. Every method "
        f"gets the question cut to {normalize.MAX_QUESTION_CHARS:,} characters (those up to its last "
        "question mark), as the engine cuts it.)"
    )

    shipped = next(name for name in result.bases if name.startswith("shipped"))
    print(f"\n## Matching: the engine per kind of question, {shipped}, cold\n")
    table(["kind", "questions per run", "median ms", "p99 ms", "p99 range over runs ms"], "lrrrr")
    for kind, timing in result.bases[shipped].kinds.items():
        print(row(kind, timing.samples, f"{timing.median_ms:.3f}", _tail(timing), _spread(timing)))
    built = ", ".join(f"{name}: {seconds:.1f} s" for name, seconds in result.build_seconds.items())
    print(f"\nLoading and indexing the generated knowledge bases: {built}.")

    print(f"\n## Matching: accuracy on the labelled set ({result.labelled} questions)\n")
    table(["method", "in-scope answered right", "out-of-scope rejected", "threshold"], "lrrl")
    for method, accuracy in result.accuracy.items():
        print(row(method, f"{accuracy.in_scope:.1%}", f"{accuracy.out_of_scope:.1%}", accuracy.threshold))


def report_startup(results: dict[str, startup.Startup]) -> None:
    print("\n## Start-up: process start to ready (knowledge base indexed, Telegram application built)\n")
    table(["bot", "s to ready", "peak memory MiB", "runs"], "lrrr")
    for name, ready in results.items():
        print(row(name, spread(ready.seconds), f"{ready.peak_mib:.0f}", ready.runs))
    ours, bare = results["WBV-Bot"], results["bare PTB bot"]
    ratio = startup.time_ratio(ours, bare)
    print(
        f"\n(WBV-Bot against the bare bot, run by run: {spread(ratio)}× the time; "
        f"{ours.peak_mib / bare.peak_mib:.2f}× the memory.)"
    )


def spread(figure: burst.Spread, digits: int = 2) -> str:
    """A figure over the runs: median (min–max)."""
    return f"{figure.median:,.{digits}f} ({figure.low:,.{digits}f}–{figure.high:,.{digits}f})"


def per_run(values: Iterable[int]) -> str:
    return ", ".join(str(value) for value in values)


def mishaps(runs: list[burst.BurstRun]) -> tuple[int, int, int, int]:
    """429s, lost, duplicated and limits exceeded, over all runs."""
    return (
        sum(run.too_many_requests for run in runs),
        sum(run.lost for run in runs),
        sum(run.duplicated for run in runs),
        sum(run.violations for run in runs),
    )


def drain_ratio(runs: list[burst.BurstRun]) -> burst.Spread:
    return burst.Spread.of(run.seconds / run.minimum for run in runs)


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def report_burst(results: burst.BurstResults) -> None:
    report_limited(results.limited)
    report_unpaced(results)
    report_group_floods(results.group_floods)
    report_batches(results.batches)


def report_limited(limited: dict[float, list[burst.BurstRun]]) -> None:
    first = next(iter(limited.values()))[0]
    print(f"\n## Telegram's limits on: {first.messages:,} messages from {first.users:,} users at once\n")
    header = ["round trip", "drain s", "minimum s (N / 30 per s)", "drain / minimum", "429s", "lost",
              "duplicated", "limits exceeded"]  # fmt: skip
    table(header, "lrrrrrrr")
    for round_trip, runs in limited.items():
        drain = burst.Spread.of(run.seconds for run in runs)
        figures = (spread(drain, 1), f"{first.minimum:.1f}", spread(drain_ratio(runs), 3))
        print(row(milliseconds(round_trip), *figures, *mishaps(runs)))
    print(
        f"\n(Our bot with its default settings, a fresh process per run; every user asks twice, "
        f"{first.users:,} messages apart, all {first.messages:,} messages queued in the fake Bot API at "
        "once. "
        "The fake answers sends beyond Telegram's limits (30 a second, 1 a second per chat) with 429 and "
        "delays every call by half the round trip each way, jittered by a tenth of it. Drain: from all "
        "messages queued until the last answer arrived; median (min–max) over "
        f"{len(next(iter(limited.values())))} rounds. 429s (refused sends, retried by the bot), lost and "
        "duplicated (answers fewer or more than questions, per chat) and limits exceeded (windows in which "
        "the fake accepted more than a limit) are totals over all runs.)"
    )


def report_unpaced(results: burst.BurstResults) -> None:
    ours = results.unpaced["wbv"]
    first = ours[0]
    print(
        f"\n## Telegram's limits off (a Bot API without flood limits), "
        f"{milliseconds(first.round_trip)} round trip: "
        f"{first.messages:,} messages from {first.users:,} users at once\n"
    )
    header = ["bot", "all answered s", "messages/s", "answer p50 s", "answer p99 s", "bot CPU ms/message",
              "WBV-Bot's throughput / this bot's", "lost", "duplicated"]  # fmt: skip
    table(header, "lrrrrrrrr")
    for kind, runs in results.unpaced.items():
        figures = (
            spread(burst.Spread.of(run.seconds for run in runs)),
            spread(burst.Spread.of(run.messages / run.seconds for run in runs), 0),
            spread(burst.Spread.of(run.answer_p50 for run in runs)),
            spread(burst.Spread.of(run.answer_p99 for run in runs)),
            spread(burst.Spread.of(run.cpu_seconds * 1000 / run.messages for run in runs)),
            "" if kind == "wbv" else spread(results.throughput_ratio(kind)),
        )
        print(row(BURST_NAMES[kind], *figures, *mishaps(runs)[1:3]))
    print(
        f"\n(Each bot a fresh process per run, {len(ours)} rounds, the bots interleaved within a round and "
        "answering the same questions; median (min–max). The fake Bot API does not enforce limits and "
        "delays every call by half the round trip each way, jittered by a tenth of it. Times count from "
        "all messages queued in the fake; the throughput ratio compares each of our runs with the same "
        "round's run of the other bot. Both echo bots use python-telegram-bot's Application with long "
        "polling and 64 concurrent updates, as ours; the second hands its echo to our outbox without "
        "pacing (up to 64 sends in flight, one per chat) with our connection pool and retrying limiter.)"
    )


def report_group_floods(runs: list[burst.GroupFloodRun]) -> None:
    first = runs[0]
    print(
        f"\n## A group flood: {first.mentions} mentions in one group, meanwhile {first.others} users ask "
        f"privately (limits on, {milliseconds(first.round_trip)} round trip)\n"
    )
    table(["other chats' answer p50 s", "p99 s", "max s", "group messages until the stop", "run s",
           "\"queue full\" notices to the group, per run", "429s", "others unanswered", "duplicated"],
          "rrrrrlrrr")  # fmt: skip
    figures = (
        spread(burst.Spread.of(run.other_p50 for run in runs)),
        spread(burst.Spread.of(run.other_p99 for run in runs)),
        spread(burst.Spread.of(run.other_max for run in runs)),
        spread(burst.Spread.of(run.group_messages for run in runs), 0),
        spread(burst.Spread.of(run.seconds for run in runs), 1),
        per_run(run.notices for run in runs),
    )
    counts = (sum(run.too_many_requests for run in runs), sum(run.lost for run in runs),
              sum(run.duplicated for run in runs))  # fmt: skip
    print(row(*figures, *counts))
    print(
        f"\n(Our bot with its default settings but WBV_STOP_DRAIN_SECONDS=0, a fresh process per run, the "
        "fake enforcing Telegram's limits (20 a minute in a group). One member's mentions are queued in the "
        f"fake at once, then one question from each of {first.others} other users; answer times count from "
        "each private question to its answer (with so few answers the p99 is close to the maximum); with "
        "the group's first answer they are fewer than Telegram's 30 messages a second, so none has to wait "
        "for the next second. The "
        "bot is stopped with SIGTERM once every private question and the group's notice are answered; "
        f"median (min–max) over {len(runs)} runs, counts totals over all runs.)"
    )


def report_batches(runs: list[burst.BatchRun]) -> None:
    first = runs[0]
    print(
        f"\n## One user's {first.messages} messages at once "
        f"(limits on, {milliseconds(first.round_trip)} round trip)\n"
    )
    table(["answers delivered, per run", "each once, in the order asked", "most in any 1 s",
           "last answer after s", "minimum s", "429s", "limits exceeded"], "lrrrrrr")  # fmt: skip
    print(
        row(
            per_run(run.delivered for run in runs),
            f"{sum(run.as_asked for run in runs)} of {len(runs)} runs",
            max(run.most_in_a_second for run in runs),
            spread(burst.Spread.of(run.seconds for run in runs), 1),
            f"{first.minimum:.0f}",
            sum(run.too_many_requests for run in runs),
            sum(run.violations for run in runs),
        )
    )
    print(
        "\n(Our bot with its default settings (the per-user throttle and the outbox's queue of 20 as in "
        "production), a fresh process per run; the questions are queued in the fake at once. Each once, "
        "in order: the texts received are exactly the answers the engine gives to these questions asked "
        "in this order in one conversation. Most in any 1 s: the answers the fake accepted for the chat "
        "in any one-second window; a 429 would be a send beyond the limit, refused. The last answer "
        "counts from the batch; at one a second it cannot come sooner than the minimum after the first. "
        f"Median (min–max) over {len(runs)} runs.)"
    )


def burst_targets(results: burst.BurstResults, ready: dict[str, startup.Startup]) -> list[Check]:
    limited = [run for runs in results.limited.values() for run in runs]
    ratios = {round_trip: drain_ratio(runs).median for round_trip, runs in results.limited.items()}
    too_many, lost, duplicated, _ = mishaps(limited)
    round_trips = ", ".join(milliseconds(round_trip) for round_trip in ratios)
    bare, like = results.throughput_ratio("echo"), results.throughput_ratio("echo-outbox")
    p99 = burst.Spread.of(run.other_p99 for run in results.group_floods)
    batches = results.batches
    batch_ok = all(
        run.delivered == run.messages
        and run.as_asked
        and run.most_in_a_second <= 1
        and not run.too_many_requests
        for run in batches
    )
    ours, plain = ready["WBV-Bot"], ready["bare PTB bot"]
    time_ratio, memory_ratio = startup.time_ratio(ours, plain), ours.peak_mib / plain.peak_mib
    return [
        (
            f"limits on: drain ≤ 1.05× N / 30 s at {round_trips} round trip; no 429, none lost or duplicated",
            ", ".join(f"{ratio:.3f}×" for ratio in ratios.values())
            + f"; 429s, lost, duplicated: {too_many}, {lost}, {duplicated}",
            all(ratio <= 1.05 for ratio in ratios.values()) and too_many == lost == duplicated == 0,
        ),
        (
            "limits off, 200 ms round trip: throughput ≥ 0.9× the bare echo bot",
            f"{bare.median:.2f}× ({bare.low:.2f}–{bare.high:.2f}); the echo bot with our in-flight policy: "
            f"{like.median:.2f}×",
            bare.median >= 0.9,
        ),
        (
            f"a group flood of {results.group_floods[0].mentions} mentions: other chats' answer p99 < 1 s",
            f"{p99.median:.2f} s ({p99.low:.2f}–{p99.high:.2f})",
            p99.median < 1.0,
        ),
        (
            f"one user's {batches[0].messages} messages at once: all delivered, each once and in order, "
            "at most one per second, no 429",
            f"delivered {per_run(run.delivered for run in batches)}; in order in "
            f"{sum(run.as_asked for run in batches)} of {len(batches)}; most in 1 s: "
            f"{max(run.most_in_a_second for run in batches)}; 429s: "
            f"{sum(run.too_many_requests for run in batches)}",
            batch_ok,
        ),
        (
            "ready ≤ 2× a bare PTB application",
            f"{time_ratio.median:.2f}× ({time_ratio.low:.2f}–{time_ratio.high:.2f})",
            time_ratio.median <= 2.0,
        ),
        ("peak memory ≤ 1.5× a bare PTB application", f"{memory_ratio:.2f}×", memory_ratio <= 1.5),
    ]


def matching_targets(result: matching.MatchingResults) -> list[Check]:
    shipped = next(t for base, t in result.bases.items() if base.startswith("shipped"))
    large = result.bases["generated (10,000 entries)"]
    speedup = large.methods["difflib"].median_ms / large.methods["engine"].median_ms
    return [
        (
            "engine p99, cold, every kind of question, shipped knowledge base < 1 ms",
            f"{shipped.cold.p99_ms:.3f} ms",
            shipped.cold.p99_ms < 1.0,
        ),
        (
            "engine p99, cold, every kind of question, 10,000 entries < 5 ms",
            f"{large.cold.p99_ms:.3f} ms",
            large.cold.p99_ms < 5.0,
        ),
        (
            "≥ 20× faster than difflib at 10,000 entries (median, same questions)",
            f"{speedup:,.0f}×",
            speedup >= 20,
        ),
    ]


def report_targets(
    result: matching.MatchingResults, results: burst.BurstResults, ready: dict[str, startup.Startup]
) -> None:
    print("\n## Targets\n")
    table(["target", "measured", "verdict"], "lrl")
    for name, measured, ok in matching_targets(result) + burst_targets(results, ready):
        print(row(name, measured, "met" if ok else "MISSED"))
    print(
        "\n(A figure over runs is judged by its median over the runs, its range in brackets; a count (429s, "
        "lost, duplicated) must be zero in every run. The start-up time ratio is taken run by run (the two "
        "bots' runs interleaved), the memory ratio divides the highest peak memories.)"
    )


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # each table as soon as it is measured
    print(f"# WBV-Bot benchmarks, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {machine()}", flush=True)
    results = burst.run()
    report_burst(results)
    # The matching runs in a process of its own: after the burst (a fake Bot API and its threads in this
    # process) the engine measured 1.6× slower here than in a fresh process, as the bot runs it; and the
    # knowledge bases of 10,000 entries it builds would slow the fake Bot API if the order were reversed.
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        result = pool.apply(matching.run)
    report_matching(result)
    ready = startup.run()
    report_startup(ready)
    report_targets(result, results, ready)


if __name__ == "__main__":
    main()
