package io.sluice.exec.operator;

import java.util.Arrays;

/**
 * A binary min-heap of (time, ref) pairs in two primitive arrays: the held rows of a join side
 * ordered by the time they may be evicted, with no object per row.
 */
final class DeadlineHeap {
  private long[] times = new long[64];
  private long[] refs = new long[64];
  private int size;

  void add(long time, long ref) {
    if (size == times.length) {
      times = Arrays.copyOf(times, size * 2);
      refs = Arrays.copyOf(refs, size * 2);
    }
    int at = size++;
    while (at > 0) {
      int parent = (at - 1) >>> 1;
      if (times[parent] <= time) {
        break;
      }
      times[at] = times[parent];
      refs[at] = refs[parent];
      at = parent;
    }
    times[at] = time;
    refs[at] = ref;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The earliest time held; the heap must not be empty. */
  long peekTime() {
    return times[0];
  }

  /** Takes out the entry with the earliest time and returns its ref; the heap must not be empty. */
  long poll() {
    long ref = refs[0];
    size--;
    long time = times[size];
    long last = refs[size];
    int at = 0;
    while (true) {
      int child = 2 * at + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && times[child + 1] < times[child]) {
        child++;
      }
      if (times[child] >= time) {
        break;
      }
      times[at] = times[child];
      refs[at] = refs[child];
      at = child;
    }
    times[at] = time;
    refs[at] = last;
    return ref;
  }
}
