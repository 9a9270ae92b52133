package io.sluice.connector.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceMetrics;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateSourceTest {
  private static final Instant START = Instant.parse("2026-01-01T23:59:59Z");
  private static final List<Column> ALL_TYPES =
      List.of(
          Column.of("b", ColumnType.BOOLEAN),
          Column.of("ti", ColumnType.TINYINT),
          Column.of("si", ColumnType.SMALLINT),
          Column.of("i", ColumnType.INTEGER),
          Column.of("bi", ColumnType.BIGINT),
          Column.of("r", ColumnType.REAL),
          Column.of("d", ColumnType.DOUBLE),
          new Column("dec", ColumnType.DECIMAL, 10, 2, true),
          Column.of("s", ColumnType.VARCHAR),
          Column.of("dt", ColumnType.DATE),
          Column.of("tm", ColumnType.TIME),
          Column.of("ts", ColumnType.TIMESTAMP));

  private final SourceMetrics metrics = new SourceMetrics();
  private final MutableClock clock = new MutableClock(START);

  private RateSource source(List<Column> columns, String... options) {
    return new RateSource(context(columns, options), clock);
  }

  private SourceContext context(List<Column> columns, String... options) {
    Map<String, String> map = new HashMap<>(Map.of("connector", "datagen", "kind", "rate"));
    for (int i = 0; i < options.length; i += 2) {
      map.put(options[i], options[i + 1]);
    }
    return new SourceContext("gen", columns, map, Path.of("."), metrics);
  }

  @Test
  void rowsBecomeDueWithElapsedTime() {
    RateSource source = source(ALL_TYPES, "rows-per-second", "4");
    RateOffset initial = source.initialOffset();
    assertThat(initial).isEqualTo(new RateOffset(START.toEpochMilli(), 0));
    assertThat(source.latestOffset(initial)).isEqualTo(initial);

    clock.advanceMillis(2_600);
    RateOffset first = source.latestOffset(initial);
    assertThat(first.rows()).isEqualTo(10);
    clock.advanceMillis(100);
    assertThat(source.latestOffset(first)).isEqualTo(first);
    clock.advanceMillis(200);
    assertThat(source.latestOffset(first).rows()).isEqualTo(11);

    assertThat(source.read(initial, first).rowCount()).isEqualTo(10);
    assertThat(metrics.rowsRead()).isEqualTo(10);
  }

  @Test
  void initialOffsetIsFixedByTheFirstCall() {
    RateSource source = source(ALL_TYPES);
    RateOffset initial = source.initialOffset();
    clock.advanceMillis(5_000);

    assertThat(source.initialOffset()).isEqualTo(initial);
  }

  @Test
  void generatesDeterministicValuesPerColumnType() {
    RateSource source = source(ALL_TYPES, "rows-per-second", "2");
    long start = START.toEpochMilli();

    Batch batch = source.read(new RateOffset(start, 0), new RateOffset(start, 3));

    long day = LocalDate.parse("2026-01-01").toEpochDay();
    long lastSecond = LocalTime.parse("23:59:59").toNanoOfDay() / 1_000_000;
    assertThat(batch.rows())
        .containsExactly(
            new Object[] {
              1L,
              0L,
              0L,
              0L,
              0L,
              0.0d,
              0.0d,
              new BigDecimal("0.00"),
              "row-0",
              day,
              lastSecond,
              start
            },
            new Object[] {
              0L,
              1L,
              1L,
              1L,
              1L,
              1.0d,
              1.0d,
              new BigDecimal("1.00"),
              "row-1",
              day,
              lastSecond + 500,
              start + 500
            },
            new Object[] {
              1L,
              2L,
              2L,
              2L,
              2L,
              2.0d,
              2.0d,
              new BigDecimal("2.00"),
              "row-2",
              day + 1,
              0L,
              start + 1_000
            });
  }

  @Test
  void integersWrapToTheirTypeWidth() {
    List<Column> columns =
        List.of(
            Column.of("ti", ColumnType.TINYINT),
            Column.of("i", ColumnType.INTEGER),
            Column.of("bi", ColumnType.BIGINT));
    RateSource source = source(columns);
    long start = START.toEpochMilli();
    long big = 1L << 32;

    assertThat(source.read(new RateOffset(start, 127), new RateOffset(start, 129)).rows())
        .containsExactly(new Object[] {127L, 127L, 127L}, new Object[] {-128L, 128L, 128L});
    assertThat(source.read(new RateOffset(start, big), new RateOffset(start, big + 1)).rows())
        .containsExactly(new Object[] {0L, 0L, big});
  }

  @Test
  void replayGivesIdenticalRowsEvenFromAnotherInstanceAndTime() {
    RateSource source = source(ALL_TYPES, "rows-per-second", "1000");
    RateOffset initial = source.initialOffset();
    clock.advanceMillis(1_234);
    RateOffset end = source.latestOffset(initial);
    List<Object[]> original = source.read(initial, end).rows();

    clock.advanceMillis(60_000);
    RateSource restarted = source(ALL_TYPES, "rows-per-second", "1000");
    List<Object[]> replayed =
        restarted
            .read(restarted.parseOffset(initial.toJson()), restarted.parseOffset(end.toJson()))
            .rows();

    assertThat(original).hasSize(1_234);
    assertThat(replayed).containsExactlyElementsOf(original);
    assertThat(source.read(initial, end).rows()).containsExactlyElementsOf(original);
  }

  @Test
  void numberOfRowsBoundsTheSource() {
    RateSource source = source(ALL_TYPES, "rows-per-second", "10", "number-of-rows", "25");
    RateOffset initial = source.initialOffset();
    clock.advanceMillis(2_000);
    RateOffset first = source.latestOffset(initial);
    assertThat(first.rows()).isEqualTo(20);
    assertThat(source.isExhausted(first)).isFalse();

    clock.advanceMillis(60_000);
    RateOffset second = source.latestOffset(first);
    assertThat(second.rows()).isEqualTo(25);
    assertThat(source.isExhausted(second)).isTrue();
    assertThat(source.latestOffset(second)).isEqualTo(second);
    assertThat(source.read(first, second).rows())
        .extracting(row -> row[8])
        .containsExactly("row-20", "row-21", "row-22", "row-23", "row-24");
  }

  @Test
  void unboundedSourceIsNeverExhausted() {
    RateSource source = source(ALL_TYPES);
    assertThat(source.isExhausted(new RateOffset(0, Long.MAX_VALUE))).isFalse();
  }

  @Test
  void catchesUpALongBacklogOverSeveralBatches() {
    RateSource source = source(ALL_TYPES, "rows-per-second", "1000000");
    RateOffset initial = source.initialOffset();
    clock.advanceMillis(3_600_000);

    RateOffset first = source.latestOffset(initial);
    assertThat(first.rows()).isEqualTo(RateSource.MAX_ROWS_PER_BATCH);
    assertThat(source.latestOffset(first).rows()).isEqualTo(2 * RateSource.MAX_ROWS_PER_BATCH);
  }

  @Test
  void clockGoingBackwardsNeverMovesTheOffsetBack() {
    RateSource source = source(ALL_TYPES);
    RateOffset initial = source.initialOffset();
    clock.advanceMillis(5_000);
    RateOffset first = source.latestOffset(initial);
    clock.advanceMillis(-10_000);

    assertThat(source.latestOffset(first)).isEqualTo(first);
  }

  @Test
  void offsetRoundTripsThroughJson() {
    RateOffset offset = new RateOffset(START.toEpochMilli(), 42);
    assertThat(offset.toJson()).isEqualTo("{\"start\":" + START.toEpochMilli() + ",\"rows\":42}");
    assertThat(RateOffset.fromJson(offset.toJson())).isEqualTo(offset);
    assertThatThrownBy(() -> RateOffset.fromJson("{\"start\": 1}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RateOffset.fromJson("{\"start\": 1, \"rows\": 1.5}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RateOffset.fromJson("{\"files\": []}"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesToMixOffsetsOfDifferentRuns() {
    RateSource source = source(ALL_TYPES);
    assertThatThrownBy(() -> source.read(new RateOffset(1, 0), new RateOffset(2, 5)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A clock tests move by hand. */
  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advanceMillis(long millis) {
      now = now.plusMillis(millis);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
