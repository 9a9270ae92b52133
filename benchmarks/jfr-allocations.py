#!/usr/bin/env python3
"""Allocation of a JFR recording by class and allocating frames, largest first.

Sums the weights of jdk.ObjectAllocationSample events. Mind the sampling: a sample's weight is what
its thread allocated since its previous sample, and allocations outside a TLAB (large arrays) are
sampled more often, so large arrays collect the weight of the small objects around them. Check a
large array's figure with a counter in the code before acting on it.

Usage:
  jfr print --json --events jdk.ObjectAllocationSample --stack-depth 8 REC.jfr \
    | benchmarks/jfr-allocations.py [N] [DEPTH]
"""

import collections
import json
import sys


def main():
    top = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    depth = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    events = json.load(sys.stdin)["recording"]["events"]
    weights = collections.Counter()
    total = 0
    for event in events:
        values = event["values"]
        weight = values.get("weight", 0)
        total += weight
        frames = (values.get("stackTrace") or {}).get("frames") or []
        stack = " < ".join(
            frame["method"]["type"]["name"].split("/")[-1] + "." + frame["method"]["name"]
            for frame in frames[:depth]
        )
        weights[values["objectClass"]["name"] + " @ " + stack] += weight
    print("%.1f MB sampled in all" % (total / 1e6))
    for key, weight in weights.most_common(top):
        print("%9.1f MB  %s" % (weight / 1e6, key))


if __name__ == "__main__":
    main()
