#!/usr/bin/env python3
"""Hot methods of a JFR recording's execution samples, per thread.

Prints how the samples split over threads, then for the threads whose name starts with PREFIX
(default: sluice-query, the threads that run queries' micro-batches) the top methods by self
samples (top frame) and the io.sluice methods by total samples (anywhere on the stack).

Usage:
  jfr print --json --events jdk.ExecutionSample --stack-depth 64 REC.jfr \
    | benchmarks/jfr-hot-methods.py [N] [PREFIX]
"""
import collections
import json
import re
import sys


def frame_name(frame):
    method = frame["method"]
    return (method["type"]["name"] + "." + method["name"]).replace("/", ".")


def thread_group(name):
    # Query threads are numbered per engine; one group for all of them.
    return re.sub(r"\d+$", "N", name or "?")


def main():
    top = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    prefix = sys.argv[2] if len(sys.argv) > 2 else "sluice-query"
    events = json.load(sys.stdin)["recording"]["events"]
    threads = collections.Counter()
    self_counts = collections.Counter()
    total_counts = collections.Counter()
    chosen = 0
    for event in events:
        values = event["values"]
        name = (values.get("sampledThread") or {}).get("javaName") or ""
        threads[thread_group(name)] += 1
        frames = values["stackTrace"]["frames"]
        if not frames or not name.startswith(prefix):
            continue
        chosen += 1
        self_counts[frame_name(frames[0])] += 1
        for method in {frame_name(f) for f in frames}:
            total_counts[method] += 1
    print(f"{len(events)} samples")
    for name, count in threads.most_common(6):
        print(f"{100.0 * count / len(events):5.1f}%  thread {name}")
    if not chosen:
        print(f"no samples on threads named {prefix}*")
        return
    print(f"{chosen} samples on {prefix}* threads")
    print("self%   method (top frame)")
    for name, count in self_counts.most_common(top):
        print(f"{100.0 * count / chosen:5.1f}  {name}")
    print("total%  io.sluice method (anywhere on the stack)")
    sluice = [(n, c) for n, c in total_counts.most_common() if n.startswith("io.sluice")]
    for name, count in sluice[:top]:
        print(f"{100.0 * count / chosen:5.1f}  {name}")


if __name__ == "__main__":
    main()
