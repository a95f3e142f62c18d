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
    "echo-limiter": "PTB echo bot sending through our FloodLimiter (flood control off)",
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


def report_matching(result: matching.MatchingResults) -> None:
    print("\n## Matching: latency per question (single thread)\n")
    table(
        ["knowledge base", "method", "median ms", "p99 ms", "questions/s", "engine faster (median)"], "llrrrr"
    )
    for (base, method), timing in result.timings.items():
        engine = result.timings[(base, "engine")]
        speedup = "" if method == "engine" else f"{timing.median_ms / engine.median_ms:,.0f}×"
        sample = f" (sample of {timing.samples})" if timing.samples < 100 else ""
        print(row(base, method + sample, f"{timing.median_ms:.3f}", f"{timing.p99_ms:.3f}",
                  f"{timing.per_second:,.0f}", speedup))  # fmt: skip
    built = ", ".join(f"{name}: {seconds:.1f} s" for name, seconds in result.build_seconds.items())
    print(f"\nLoading and indexing the generated knowledge bases: {built}.")

    print("\n## Matching: accuracy on the labelled set (366 questions)\n")
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
    shipped = next(
        t for (base, method), t in result.timings.items() if base.startswith("shipped") and method == "engine"
    )
    large = result.timings[("generated (10,000 entries)", "engine")]
    speedup = result.timings[("generated (10,000 entries)", "difflib")].median_ms / large.median_ms
    limited = results.limited
    drain = limited.seconds / (limited.messages / 30)
    echo_ratio = results.ratio("echo")
    checks = [
        ("engine p99, shipped knowledge base < 1 ms", f"{shipped.p99_ms:.3f} ms", shipped.p99_ms < 1.0),
        ("engine p99 at 10,000 entries < 20 ms", f"{large.p99_ms:.3f} ms", large.p99_ms < 20.0),
        ("≥ 20× faster than difflib at 10,000 entries", f"{speedup:,.0f}×", speedup >= 20),
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
