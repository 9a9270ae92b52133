package io.sluice.exec.operator;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.Arrays;

/**
 * Slots in the order they were last touched, least recently first: a doubly linked list over slot
 * numbers in two int arrays, so touching a slot, taking one out and finding the least recently
 * touched are constant time. What {@code state.ttl} expiry walks, as a {@code LinkedHashMap} in
 * access order did for state held in boxed rows.
 */
final class SlotLru {
  private static final int NONE = -1;

  private int[] previous = new int[16];
  private int[] next = new int[16];
  private boolean[] linked = new boolean[16];
  private int head = NONE;
  private int tail = NONE;

  /** Makes {@code slot} the most recently touched, linking it in if it was not. */
  void touch(int slot) {
    if (slot >= linked.length) {
      int length = Math.max(slot + 1, linked.length * 2);
      previous = Arrays.copyOf(previous, length);
      next = Arrays.copyOf(next, length);
      linked = Arrays.copyOf(linked, length);
    }
    if (linked[slot]) {
      if (slot == tail) {
        return;
      }
      unlink(slot);
    }
    previous[slot] = tail;
    next[slot] = NONE;
    if (tail == NONE) {
      head = slot;
    } else {
      next[tail] = slot;
    }
    tail = slot;
    linked[slot] = true;
  }

  /** Takes {@code slot} out of the order, if it is in it. */
  void remove(int slot) {
    if (slot < linked.length && linked[slot]) {
      unlink(slot);
      linked[slot] = false;
    }
  }

  /** The least recently touched slot, or -1 when there is none. */
  int first() {
    return head;
  }

  /** The slot touched after {@code slot}, or -1 after the most recent. */
  int after(int slot) {
    return next[slot];
  }

  /** The slots linked in, least recently touched first. */
  int[] slots() {
    IntArrayList slots = new IntArrayList();
    for (int slot = head; slot != NONE; slot = next[slot]) {
      slots.add(slot);
    }
    return slots.toIntArray();
  }

  private void unlink(int slot) {
    int before = previous[slot];
    int following = next[slot];
    if (before == NONE) {
      head = following;
    } else {
      next[before] = following;
    }
    if (following == NONE) {
      tail = before;
    } else {
      previous[following] = before;
    }
  }
}
