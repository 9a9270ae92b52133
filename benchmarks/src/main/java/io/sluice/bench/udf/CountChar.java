package io.sluice.bench.udf;

import io.sluice.function.ScalarFunction;

/** Nexmark q14's {@code count_char(s, c)}: how often character {@code c} occurs in {@code s}. */
public final class CountChar implements ScalarFunction {
  public long eval(String text, String character) {
    if (text == null || character == null || character.isEmpty()) {
      return 0;
    }
    char wanted = character.charAt(0);
    long count = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == wanted) {
        count++;
      }
    }
    return count;
  }
}
