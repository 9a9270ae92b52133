package io.sluice.connector.datagen.nexmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A stepped position answers exactly what {@link NexmarkConfig} computes for each id. */
class EventPositionTest {
  private static final List<NexmarkConfig> CONFIGS =
      List.of(
          NexmarkConfig.DEFAULT,
          // rates below, at and above 1000 per second, dividing 1000 or not; odd proportions
          new NexmarkConfig(1, 3, 46, 7, 0),
          new NexmarkConfig(2, 5, 11, 1000, 17),
          new NexmarkConfig(3, 1, 1, 1, -5),
          new NexmarkConfig(1, 1, 1, 999_983, NexmarkConfig.DEFAULT_BASE_TIME_MILLIS),
          new NexmarkConfig(7, 2, 30, 3_000_001, 0));

  @Test
  void steppedIdsAgreeWithTheConfig() {
    for (NexmarkConfig config : CONFIGS) {
      long lookAhead = 100L * config.totalProportion() / config.auctionProportion();
      EventPosition at = new EventPosition(config, lookAhead);
      for (long id = 0; id < 20_000; id++) {
        at.moveTo(id);
        assertAgrees(config, lookAhead, at, id);
      }
    }
  }

  @Test
  void jumpsAndStepsAfterThemAgreeWithTheConfig() {
    long[] starts = {
      0,
      49,
      50,
      1_000_000_007L,
      123_456_789_012L,
      Long.MAX_VALUE / 1000 - 3_000,
      Long.MAX_VALUE / 1000
    };
    for (NexmarkConfig config : CONFIGS) {
      long lookAhead = 100L * config.totalProportion() / config.auctionProportion();
      EventPosition at = new EventPosition(config, lookAhead);
      for (long start : starts) {
        for (long id = start; id < start + 3_100; id++) {
          at.moveTo(id);
          assertAgrees(config, lookAhead, at, id);
        }
        // backwards: computed afresh
        at.moveTo(start / 2);
        assertAgrees(config, lookAhead, at, start / 2);
      }
    }
  }

  @Test
  void proportionsBeyondAThousandAreRefused() {
    // their sum and the look-ahead of an auction stay far from overflowing
    assertThatThrownBy(() -> new NexmarkConfig(1_000_000_000, 1, 1_000_000_000, 10_000, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Nexmark proportions must be from 1 to 1000: 1000000000:1:1000000000");
    NexmarkConfig largest = new NexmarkConfig(1000, 1, 1000, 1, 0);
    long lookAhead = 100L * largest.totalProportion() / largest.auctionProportion();
    EventPosition at = new EventPosition(largest, lookAhead);
    for (long id = 1_000_000_000L; id < 1_000_003_000L; id++) {
      at.moveTo(id);
      assertAgrees(largest, lookAhead, at, id);
    }
  }

  @Test
  void negativeIdsAreRefused() {
    EventPosition at = new EventPosition(NexmarkConfig.DEFAULT, 1);
    assertThatThrownBy(() -> at.moveTo(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Event ids start at 0, not -1");
  }

  private static void assertAgrees(
      NexmarkConfig config, long lookAhead, EventPosition at, long id) {
    String where = "id " + id + " of " + config;
    assertThat(at.eventId()).as(where).isEqualTo(id);
    assertThat(at.timestamp()).as(where).isEqualTo(config.timestampOf(id));
    assertThat(at.lastBase0PersonId()).as(where).isEqualTo(config.lastBase0PersonId(id));
    assertThat(at.lastBase0AuctionId()).as(where).isEqualTo(config.lastBase0AuctionId(id));
    assertThat(at.lookAheadMillis())
        .as(where)
        .isEqualTo(config.timestampOf(id + lookAhead) - config.timestampOf(id));
  }
}
