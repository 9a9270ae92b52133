package io.sluice.spi.connector;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceOffsetTest {
  /** A value: equal positions are equal objects. */
  private record Position(long at) implements SourceOffset {
    @Override
    public String toJson() {
      return "{\"at\":" + at + "}";
    }
  }

  /** No equals of its own: only its serialised form says where it is. */
  private static final class Opaque implements SourceOffset {
    private final String json;

    Opaque(String json) {
      this.json = json;
    }

    @Override
    public String toJson() {
      return json;
    }
  }

  @Test
  void valuesCompareByEquals() {
    assertThat(SourceOffset.samePosition(new Position(7), new Position(7))).isTrue();
    assertThat(SourceOffset.samePosition(new Position(7), new Position(8))).isFalse();
  }

  @Test
  void offsetsWithoutEqualsCompareByTheirJson() {
    assertThat(SourceOffset.samePosition(new Opaque("{\"a\":1}"), new Opaque("{\"a\":1}")))
        .isTrue();
    assertThat(SourceOffset.samePosition(new Opaque("{\"a\":1}"), new Opaque("{\"a\":2}")))
        .isFalse();
  }

  @Test
  void offsetsOfDifferentClassesCompareByTheirJson() {
    assertThat(SourceOffset.samePosition(new Position(1), new Opaque("{\"at\":1}"))).isTrue();
    assertThat(SourceOffset.samePosition(new Position(1), new Opaque("{\"at\":2}"))).isFalse();
  }
}
