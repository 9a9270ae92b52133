package io.sluice.sql.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.calcite.runtime.SqlFunctions;
import org.junit.jupiter.api.Test;

/**
 * The text functions that count characters as code points: over text within the Basic Multilingual
 * Plane they give what Calcite's give (standard SQL's positions included), and a character outside
 * it (an emoji) counts as one. SQL-level cases are in unicode_text.scenario.
 */
class StringFunctionsTest {
  private static final int[] POSITIONS = {
    Integer.MIN_VALUE, -5, -2, -1, 0, 1, 2, 3, 4, 5, 6, Integer.MAX_VALUE
  };

  @Test
  void substrCountsACharacterOutsideTheBmpAsOne() {
    String text = "😀ab😀c";
    assertThat(StringFunctions.substr(text, 2L, 3L)).isEqualTo("ab😀");
    assertThat(StringFunctions.substr(text, -2L)).isEqualTo("😀c");
    assertThat(StringFunctions.substr(text, 1L, 1L)).isEqualTo("😀");
    assertThat(StringFunctions.substr(text, 6L)).isEmpty();
    assertThat(StringFunctions.substr(text, 5L, Long.MAX_VALUE)).isEqualTo("c");
    assertThat(StringFunctions.substr("北京市", 2L)).isEqualTo("京市");
  }

  @Test
  void standardSubstringReadsPositionsAsCalcitesDoes() {
    for (String text : new String[] {"", "a", "hello", "北京市"}) {
      for (int from : POSITIONS) {
        assertThat(StringFunctions.substringFrom(text, (long) from))
            .as("SUBSTRING('%s' FROM %d)", text, from)
            .isEqualTo(SqlFunctions.substring(text, from));
        for (int length : POSITIONS) {
          if (length < 0) {
            continue;
          }
          assertThat(StringFunctions.substringFromFor(text, (long) from, (long) length))
              .as("SUBSTRING('%s' FROM %d FOR %d)", text, from, length)
              .isEqualTo(SqlFunctions.substring(text, from, length));
        }
      }
    }
    assertThat(StringFunctions.substringFromFor("hello", 0L, 2L)).isEqualTo("h");
    // BIGINT positions: the positions from FROM to FROM + FOR - 1 that exist, without overflow
    assertThat(StringFunctions.substringFromFor("hello", Long.MIN_VALUE, Long.MAX_VALUE)).isEmpty();
    assertThat(StringFunctions.substringFromFor("hello", 2L, Long.MAX_VALUE)).isEqualTo("ello");
    assertThat(StringFunctions.substringFromFor("hello", Long.MAX_VALUE, 1L)).isEmpty();
    assertThat(StringFunctions.substringFrom("hello", Long.MIN_VALUE)).isEqualTo("hello");
    assertThatThrownBy(() -> StringFunctions.substringFromFor("hello", 1L, -1L))
        .hasMessageContaining("negative substring length");
  }

  @Test
  void standardSubstringCountsACharacterOutsideTheBmpAsOne() {
    String text = "😀ab😀c";
    assertThat(StringFunctions.substringFromFor(text, 2L, 3L)).isEqualTo("ab😀");
    assertThat(StringFunctions.substringFromFor(text, 0L, 2L)).isEqualTo("😀");
    assertThat(StringFunctions.substringFrom(text, 4L)).isEqualTo("😀c");
    assertThat(StringFunctions.substringFrom(text, 6L)).isEmpty();
  }

  @Test
  void positionsAndCountsAreCharacters() {
    String text = "😀ab😀c";
    assertThat(StringFunctions.position("c", text)).isEqualTo(5);
    assertThat(StringFunctions.position("x", text)).isZero();
    assertThat(StringFunctions.position("", text)).isEqualTo(1);
    assertThat(StringFunctions.instr(text, "b")).isEqualTo(3);
    assertThat(StringFunctions.locate("😀", text, 2L)).isEqualTo(4L);
    assertThat(StringFunctions.locate("", text, 9L)).isEqualTo(6L);
    assertThat(StringFunctions.left(text, 2L)).isEqualTo("😀a");
    assertThat(StringFunctions.left(text, 9L)).isEqualTo(text);
    assertThat(StringFunctions.left(text, -1L)).isEmpty();
    assertThat(StringFunctions.right(text, 2L)).isEqualTo("😀c");
    assertThat(StringFunctions.right(text, 9L)).isEqualTo(text);
    assertThat(StringFunctions.lpad(text, 7L, "🚢")).isEqualTo("🚢🚢😀ab😀c");
    assertThat(StringFunctions.rpad("北", 4L, "京😀")).isEqualTo("北京😀京");
    assertThat(StringFunctions.lpad(text, 2L, "-")).isEqualTo("😀a");
    assertThat(StringFunctions.charLength(text)).isEqualTo(5);
  }
}
