package io.sluice.testing.udf;

import java.util.ArrayList;
import java.util.List;

/**
 * An aggregate function found by its methods alone (no base class), {@code longest(s)}: the longest
 * string of the group (the first of equal length), and {@code longest(s, n)}, its first n
 * characters. It has neither retract nor merge; its accumulator keeps a list, for the checkpoint.
 */
public final class Longest {
  /** Every distinct length seen, and the longest string. */
  public static final class State {
    private String longest;
    private List<Integer> lengths = new ArrayList<>();
  }

  public State createAccumulator() {
    return new State();
  }

  public void accumulate(State state, String text) {
    if (text == null) {
      return;
    }
    if (!state.lengths.contains(text.length())) {
      state.lengths.add(text.length());
    }
    if (state.longest == null || text.length() > state.longest.length()) {
      state.longest = text;
    }
  }

  public void accumulate(State state, String text, int characters) {
    accumulate(state, text == null ? null : text.substring(0, Math.min(characters, text.length())));
  }

  public String getValue(State state) {
    return state.longest == null ? null : state.longest + "/" + state.lengths.size();
  }
}
