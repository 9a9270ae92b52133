package io.sluice.sql.function;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * SUBSTR over text outside the Basic Multilingual Plane, which SQL literals cannot carry yet (a
 * literal outside Latin-1 fails to plan: see the session note), so it is checked here directly.
 */
class StringFunctionsTest {
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
}
