"""`make bench`: every benchmark in one run, printed as Markdown tables with the machine noted."""

from __future__ import annotations

import os
import platform
import sys
from datetime import UTC, datetime

from bench import burst, matching, startup

BURST_NAMES = {
    "wbv": "WBV-Bot",
    "echo": "bare PTB echo bot",
    "echo-limiter": "PTB echo bot sending through our RetryingLimiter (flood control off)",
    "rich-echo": "the same, sending our kind of reply (HTML, buttons, no preview), no work",
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
        f"gets the question cut to {matching.MAX_QUESTION_CHARS:,} characters, as the engine cuts it.)"
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
    table(["bot", "median s", "peak memory MiB", "runs"], "lrrr")
    for name, ready in results.items():
        print(row(name, f"{ready.seconds:.2f}", f"{ready.peak_mib:.0f}", ready.runs))
    ours, bare = results["WBV-Bot"], results["bare PTB bot"]
    print(
        f"\n(WBV-Bot against the bare bot: {ours.seconds / bare.seconds:.1f}× the time, "
        f"{ours.peak_mib / bare.peak_mib:.1f}× the memory.)"
    )


def report_burst(results: burst.BurstResults) -> None:
    print("\n## The bot under a burst: 1,000 messages from 500 users (real Application, fake Bot API)\n")
    header = ["bot, flood control off", "all answered s", "messages/s", "answer p50 s", "answer p99 s",
              "bot CPU ms/message", "throughput ratio", "lost", "duplicated"]  # fmt: skip
    table(header, "lrrrrrrrr")
    for kind, runs in results.runs.items():
        seconds, cpu = results.seconds(kind), results.cpu_ms_per_message(kind)
        p50, p99 = results.answer_percentiles(kind)
        lost, duplicated = sum(r.lost for r in runs), sum(r.duplicated for r in runs)
        ratio = "1.00" if kind == "wbv" else f"{results.ratio(kind):.2f}"
        figures = (
            f"{seconds:.2f}",
            f"{1000 / seconds:,.0f}",
            f"{p50:.2f}",
            f"{p99:.2f}",
            f"{cpu:.2f}",
            ratio,
        )
        print(row(BURST_NAMES[kind], *figures, lost, duplicated))
    repeats = len(results.runs["wbv"])
    print(
        f"\n(Median of {repeats} interleaved runs each; answer times count from the moment all 1,000 "
        "messages are queued; throughput ratio = WBV-Bot's throughput / this bot's.)"
    )
    limited = results.limited
    minimum = limited.messages / 30
    print()
    table(["WBV-Bot, Telegram's limits on", "drain s", "minimum s (N / 30 per s)", "ratio", "429s", "lost",
           "duplicated"], "lrrrrrr")  # fmt: skip
    label = f"{limited.messages} messages, {limited.users} users"
    ratio = f"{limited.seconds / minimum:.3f}"
    counts = (limited.too_many_requests, limited.lost, limited.duplicated)
    print(row(label, f"{limited.seconds:.1f}", f"{minimum:.1f}", ratio, *counts))


def report_targets(result: matching.MatchingResults, results: burst.BurstResults) -> None:
    shipped = next(t for base, t in result.bases.items() if base.startswith("shipped"))
    large = result.bases["generated (10,000 entries)"]
    speedup = large.methods["difflib"].median_ms / large.methods["engine"].median_ms
    limited = results.limited
    drain = limited.seconds / (limited.messages / 30)
    echo_ratio = results.ratio("echo")
    checks = [
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
        ("burst throughput ≥ 0.9× the bare echo bot", f"{echo_ratio:.2f}×", echo_ratio >= 0.9),
        (
            "limits on: drain ≤ 1.10× the physical minimum; no 429, none lost or duplicated",
            f"{drain:.3f}×; 429s, lost, duplicated: "
            f"{limited.too_many_requests}, {limited.lost}, {limited.duplicated}",
            drain <= 1.10 and limited.too_many_requests == limited.lost == limited.duplicated == 0,
        ),
    ]
    print("\n## Targets\n")
    table(["target", "measured", "verdict"], "lrl")
    for name, measured, ok in checks:
        print(row(name, measured, "met" if ok else "MISSED"))


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # each table as soon as it is measured
    print(f"# WBV-Bot benchmarks, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {machine()}", flush=True)
    # The burst goes first: the fake Bot API runs in this process, and after the matching benchmarks have
    # built and dropped knowledge bases of 10,000 entries it answers measurably slower.
    results = burst.run()
    report_burst(results)
    result = matching.run()
    report_matching(result)
    report_startup(startup.run())
    report_targets(result, results)


if __name__ == "__main__":
    main()
