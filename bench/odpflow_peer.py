#!/usr/bin/python3
"""Peer for FlowParseBench: OVS's own Python parser, ovs.flow.odp.ODPFlow (python3-openvswitch).

Reads a corpus (one datapath flow line per line), keeps the lines ODPFlow parses, writes them to
--accepted (the comparison corpus: the Java side times exactly these lines), then parses them
over and over for --seconds on this one thread and prints machine-readable results:

    total=<lines read> accepted=<n> excluded=<n>
    excluded_reason=<count> <message>        (most common first)
    python_lines_per_sec=<float>

Run it with Debian's /usr/bin/python3, which has python3-openvswitch, -netaddr and -pyparsing.
"""
import argparse
import collections
import re
import sys
import time

from ovs.flow.odp import ODPFlow


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--accepted", required=True, help="where to write the lines ODPFlow parses")
    ap.add_argument("--seconds", type=float, default=5.0, help="timing duration")
    args = ap.parse_args()

    with open(args.corpus, encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f if line.strip()]

    accepted = []
    reasons = collections.Counter()
    for line in lines:
        try:
            ODPFlow(line)
            accepted.append(line)
        except Exception as e:  # ODPFlow raises ParseError, ValueError and others
            # Group by message with the numbers taken out: "(offloaded, yes)" not per value.
            reasons[type(e).__name__ + ": " + re.sub(r"[0-9]+", "N", str(e))[:100]] += 1
    with open(args.accepted, "w", encoding="utf-8") as f:
        f.writelines(line + "\n" for line in accepted)

    print("total=%d accepted=%d excluded=%d" % (len(lines), len(accepted), len(lines) - len(accepted)))
    for reason, count in reasons.most_common():
        print("excluded_reason=%d %s" % (count, reason))
    if not accepted:
        print("python_lines_per_sec=0")
        return 1

    # The acceptance pass above warmed the decoder caches. Now cycle through the corpus, looking
    # at the clock every 64 lines (a clock read is negligible next to one ODPFlow parse).
    parsed = 0
    n = len(accepted)
    start = time.perf_counter()
    deadline = start + args.seconds
    while True:
        for i in range(parsed, parsed + 64):
            ODPFlow(accepted[i % n])
        parsed += 64
        now = time.perf_counter()
        if now >= deadline:
            break
    print("python_lines=%d python_seconds=%.3f" % (parsed, now - start))
    print("python_lines_per_sec=%.1f" % (parsed / (now - start)))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
