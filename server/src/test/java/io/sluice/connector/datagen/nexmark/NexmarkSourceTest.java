package io.sluice.connector.datagen.nexmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceMetrics;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The Nexmark generator: determinism, event mix, field invariants, replay, options. */
class NexmarkSourceTest {
  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  static final List<Column> PERSON =
      List.of(
          Column.of("id", ColumnType.BIGINT), Column.of("name", ColumnType.VARCHAR),
          Column.of("email_address", ColumnType.VARCHAR),
              Column.of("credit_card", ColumnType.VARCHAR),
          Column.of("city", ColumnType.VARCHAR), Column.of("state", ColumnType.VARCHAR),
          Column.of("date_time", ColumnType.TIMESTAMP), Column.of("extra", ColumnType.VARCHAR));
  static final List<Column> AUCTION =
      List.of(
          Column.of("id", ColumnType.BIGINT), Column.of("item_name", ColumnType.VARCHAR),
          Column.of("description", ColumnType.VARCHAR), Column.of("initial_bid", ColumnType.BIGINT),
          Column.of("reserve", ColumnType.BIGINT), Column.of("date_time", ColumnType.TIMESTAMP),
          Column.of("expires", ColumnType.TIMESTAMP), Column.of("seller", ColumnType.BIGINT),
          Column.of("category", ColumnType.BIGINT), Column.of("extra", ColumnType.VARCHAR));
  static final List<Column> BID =
      List.of(
          Column.of("auction", ColumnType.BIGINT),
          Column.of("bidder", ColumnType.BIGINT),
          Column.of("price", ColumnType.BIGINT),
          Column.of("channel", ColumnType.VARCHAR),
          Column.of("url", ColumnType.VARCHAR),
          Column.of("date_time", ColumnType.TIMESTAMP),
          Column.of("extra", ColumnType.VARCHAR));

  private final SourceMetrics metrics = new SourceMetrics();
  private final MutableClock clock = new MutableClock(START);

  private NexmarkSource source(String table, List<Column> columns, String... options) {
    Map<String, String> map =
        new HashMap<>(Map.of("connector", "datagen", "kind", "nexmark", "nexmark.table", table));
    for (int i = 0; i < options.length; i += 2) {
      map.put(options[i], options[i + 1]);
    }
    return new NexmarkSource(new SourceContext(table, columns, map, Path.of("."), metrics), clock);
  }

  private static List<List<Object>> rows(Batch batch) {
    List<List<Object>> rows = new ArrayList<>();
    for (Object[] row : batch.rows()) {
      rows.add(List.of(row));
    }
    return rows;
  }

  private static List<List<Object>> readAll(NexmarkSource source, long events) {
    NexmarkOffset start = source.initialOffset();
    return rows(source.read(start, new NexmarkOffset(start.startMillis(), events)));
  }

  @Test
  void sameOptionsGiveTheSameEvents() {
    for (String table : List.of("person", "auction", "bid")) {
      List<Column> columns = columnsOf(table);
      List<List<Object>> first = readAll(source(table, columns, "events", "20000"), 20_000);
      clock.advanceMillis(12_345);
      List<List<Object>> second = readAll(source(table, columns, "events", "20000"), 20_000);
      assertThat(second).as(table).isNotEmpty().isEqualTo(first);
    }
  }

  @Test
  void otherOptionsGiveOtherEvents() {
    List<List<Object>> base = readAll(source("bid", BID), 1_000);
    List<List<Object>> slower = readAll(source("bid", BID, "first-event.rate", "100"), 1_000);
    assertThat(slower).hasSameSizeAs(base).isNotEqualTo(base);
    // Only event time depends on the rate: everything else is drawn from the event's seed.
    assertThat(slower.get(500).subList(0, 5)).isEqualTo(base.get(500).subList(0, 5));
  }

  @Test
  void mixIsOnePersonThreeAuctionsFortySixBidsPerFiftyEvents() {
    assertThat(readAll(source("person", PERSON), 50_000)).hasSize(1_000);
    assertThat(readAll(source("auction", AUCTION), 50_000)).hasSize(3_000);
    assertThat(readAll(source("bid", BID), 50_000)).hasSize(46_000);
    assertThat(metrics.rowsRead()).isEqualTo(50_000);

    NexmarkConfig config = NexmarkConfig.DEFAULT;
    int[] counts = new int[3];
    for (long id = 0; id < 50_000; id++) {
      counts[config.tableOf(id).ordinal()]++;
    }
    assertThat(counts).containsExactly(1_000, 3_000, 46_000);
    assertThat(config.countOf(NexmarkTable.AUCTION, 50_000)).isEqualTo(3_000);
  }

  @Test
  void proportionsAreOptions() {
    String[] options = {"person.proportion", "2", "auction.proportion", "3", "bid.proportion", "5"};
    assertThat(readAll(source("person", PERSON, options), 1_000)).hasSize(200);
    assertThat(readAll(source("auction", AUCTION, options), 1_000)).hasSize(300);
    assertThat(readAll(source("bid", BID, options), 1_000)).hasSize(500);
  }

  @Test
  void replayingOffsetsGivesIdenticalRowsAndSplitsDoNotMatter() {
    NexmarkSource source = source("bid", BID, "max-events-per-trigger", "7000");
    NexmarkOffset start = source.initialOffset();
    NexmarkOffset first = source.latestOffset(start);
    NexmarkOffset second = source.latestOffset(first);
    assertThat(first.events()).isEqualTo(7_000);
    assertThat(second.events()).isEqualTo(14_000);

    List<List<Object>> firstRead = rows(source.read(first, second));
    assertThat(rows(source.read(first, second))).isEqualTo(firstRead);
    NexmarkSource fresh = source("bid", BID);
    NexmarkOffset parsed = fresh.parseOffset(first.toJson());
    assertThat(parsed).isEqualTo(first);
    assertThat(rows(fresh.read(parsed, fresh.parseOffset(second.toJson())))).isEqualTo(firstRead);

    List<List<Object>> whole = rows(source.read(start, second));
    List<List<Object>> halves = new ArrayList<>(rows(source.read(start, first)));
    halves.addAll(firstRead);
    assertThat(halves).isEqualTo(whole);
    // Odd boundaries inside an epoch of 50 events.
    NexmarkOffset odd = new NexmarkOffset(start.startMillis(), 3_217);
    List<List<Object>> oddHalves = new ArrayList<>(rows(source.read(start, odd)));
    oddHalves.addAll(rows(source.read(odd, second)));
    assertThat(oddHalves).isEqualTo(whole);
  }

  @Test
  void declaredColumnsAreMatchedByNameInAnyOrderAndSubset() {
    List<List<Object>> full = readAll(source("bid", BID), 2_000);
    List<Column> some =
        List.of(
            Column.of("Price", ColumnType.BIGINT),
            Column.of("DATE_TIME", ColumnType.TIMESTAMP),
            Column.of("auction", ColumnType.BIGINT));
    List<List<Object>> projected = readAll(source("bid", some), 2_000);
    assertThat(projected).hasSameSizeAs(full);
    for (int i = 0; i < full.size(); i++) {
      assertThat(projected.get(i))
          .containsExactly(full.get(i).get(2), full.get(i).get(5), full.get(i).get(0));
    }
  }

  @Test
  void projectionGeneratesOnlyTheColumnsReadWithTheirUsualValues() {
    List<List<Object>> full = readAll(source("auction", AUCTION), 2_000);
    Map<String, String> options =
        Map.of("connector", "datagen", "kind", "nexmark", "nexmark.table", "auction");
    NexmarkSource projected =
        new NexmarkSource(
            new SourceContext("auction", AUCTION, options, Path.of("."), metrics)
                .withProjection(List.of(8, 0, 2)),
            clock);
    List<List<Object>> rows = readAll(projected, 2_000);
    assertThat(rows).hasSameSizeAs(full);
    for (int i = 0; i < full.size(); i++) {
      assertThat(rows.get(i))
          .containsExactly(full.get(i).get(8), full.get(i).get(0), full.get(i).get(2));
    }
  }

  /**
   * Text fields not read are drawn but not spelled: the fields drawn after them and the padding
   * (whose length depends on theirs) keep their usual values.
   */
  @Test
  void textNotReadLeavesTheLaterFieldsAndThePaddingAsUsual() {
    Map<String, List<Integer>> projections =
        Map.of(
            "person", List.of(7, 4, 5, 6),
            "auction", List.of(9, 4, 0),
            "bid", List.of(6, 5));
    projections.forEach(
        (table, projection) -> {
          List<List<Object>> full = readAll(source(table, columnsOf(table)), 20_000);
          Map<String, String> options =
              Map.of("connector", "datagen", "kind", "nexmark", "nexmark.table", table);
          NexmarkSource projected =
              new NexmarkSource(
                  new SourceContext(table, columnsOf(table), options, Path.of("."), metrics)
                      .withProjection(projection),
                  clock);
          List<List<Object>> rows = readAll(projected, 20_000);
          assertThat(rows).as(table).hasSameSizeAs(full).isNotEmpty();
          for (int i = 0; i < full.size(); i++) {
            List<Object> expected = new ArrayList<>();
            for (int column : projection) {
              expected.add(full.get(i).get(column));
            }
            assertThat(rows.get(i)).as(table + " row " + i).isEqualTo(expected);
          }
        });
  }

  @Test
  void aColumnReadTwiceHasItsValuesTwice() {
    List<List<Object>> full = readAll(source("person", PERSON), 5_000);
    List<Integer> projection = List.of(0, 1, 7, 0, 7, 1);
    Map<String, String> options =
        Map.of("connector", "datagen", "kind", "nexmark", "nexmark.table", "person");
    NexmarkSource twice =
        new NexmarkSource(
            new SourceContext("person", PERSON, options, Path.of("."), metrics)
                .withProjection(projection),
            clock);
    List<List<Object>> rows = readAll(twice, 5_000);
    assertThat(rows).hasSameSizeAs(full).isNotEmpty();
    for (int i = 0; i < full.size(); i++) {
      List<Object> expected = new ArrayList<>();
      for (int column : projection) {
        expected.add(full.get(i).get(column));
      }
      assertThat(rows.get(i)).as("row " + i).isEqualTo(expected);
    }
  }

  @Test
  void aStringIsItsDrawnLettersTrimmed() {
    for (char space : new char[] {' ', '_'}) {
      for (long seed = 0; seed < 20_000; seed++) {
        NexmarkRandom spelled = new NexmarkRandom(seed);
        NexmarkRandom reference = new NexmarkRandom(seed);
        int maxLength = 4 + (int) (seed % 100);
        char[] letters = new char[3 + reference.nextInt(maxLength - 3)];
        for (int i = 0; i < letters.length; i++) {
          letters[i] = reference.nextInt(13) == 0 ? space : (char) ('a' + reference.nextInt(26));
        }
        assertThat(NexmarkStrings.nextString(spelled, maxLength, space))
            .as("seed " + seed)
            .isEqualTo(new String(letters).trim());
      }
    }
  }

  @Test
  void skippingAStringDrawsWhatSpellingItDraws() {
    for (char space : new char[] {' ', '_'}) {
      for (long seed = 0; seed < 20_000; seed++) {
        NexmarkRandom spelled = new NexmarkRandom(seed);
        NexmarkRandom skipped = new NexmarkRandom(seed);
        int maxLength = 4 + (int) (seed % 100);
        assertThat(NexmarkStrings.skipString(skipped, maxLength, space))
            .as("seed " + seed)
            .isEqualTo(NexmarkStrings.nextString(spelled, maxLength, space).length());
        assertThat(skipped.nextLong()).as("seed " + seed).isEqualTo(spelled.nextLong());
      }
    }
  }

  @Test
  void eventsBoundsTheSequenceAndTriggersAreCapped() {
    NexmarkSource source = source("auction", AUCTION, "events", "250000");
    NexmarkOffset offset = source.initialOffset();
    List<Long> steps = new ArrayList<>();
    while (!source.isExhausted(offset)) {
      offset = source.latestOffset(offset);
      steps.add(offset.events());
    }
    assertThat(steps).containsExactly(100_000L, 200_000L, 250_000L);
    assertThat(source.latestOffset(offset)).isEqualTo(offset);
    assertThat(source("auction", AUCTION).isExhausted(offset)).isFalse();
  }

  @Test
  void eventsPerSecondThrottlesByWallClock() {
    NexmarkSource source = source("bid", BID, "events-per-second", "1000", "events", "5000");
    NexmarkOffset start = source.initialOffset();
    assertThat(start).isEqualTo(new NexmarkOffset(START.toEpochMilli(), 0));
    assertThat(source.latestOffset(start)).isEqualTo(start);
    clock.advanceMillis(1_500);
    NexmarkOffset due = source.latestOffset(start);
    assertThat(due.events()).isEqualTo(1_500);
    clock.advanceMillis(60_000);
    assertThat(source.latestOffset(due).events()).isEqualTo(5_000);
    assertThat(source.initialOffset()).isEqualTo(start);
  }

  @Test
  void fieldsSatisfyTheModelsInvariants() {
    NexmarkConfig config = NexmarkConfig.DEFAULT;
    NexmarkGenerator generator = new NexmarkGenerator(config);
    long newestPerson = -1;
    long newestAuction = -1;
    long previousTime = Long.MIN_VALUE;
    long bids = 0;
    long hotAuctionBids = 0;
    long hotBidderBids = 0;
    long extraBytes = 0;
    for (long id = 0; id < 50_000; id++) {
      long time = config.timestampOf(id);
      assertThat(time)
          .isGreaterThanOrEqualTo(previousTime)
          .isEqualTo(NexmarkConfig.DEFAULT_BASE_TIME_MILLIS + id / 10);
      previousTime = time;
      switch (config.tableOf(id)) {
        case PERSON:
          {
            Person person = generator.person(id, true);
            assertThat(person.id()).isEqualTo(newestPerson < 0 ? 1000 : newestPerson + 1);
            newestPerson = person.id();
            assertThat(person.dateTime()).isEqualTo(time);
            assertThat(person.state()).isIn("AZ", "CA", "ID", "OR", "WA", "WY");
            assertThat(person.creditCard()).matches("\\d{4} \\d{4} \\d{4} \\d{4}");
            assertThat(person.emailAddress()).matches("[a-z ]+@[a-z ]+\\.com");
            assertThat(person.name()).contains(" ");
            break;
          }
        case AUCTION:
          {
            Auction auction = generator.auction(id, true);
            assertThat(auction.id()).isEqualTo(newestAuction < 0 ? 1000 : newestAuction + 1);
            newestAuction = auction.id();
            assertThat(auction.dateTime()).isEqualTo(time);
            assertThat(auction.expires()).isGreaterThan(auction.dateTime());
            assertThat(auction.seller()).isBetween(1000L, newestPerson + NexmarkConfig.ID_LEAD);
            assertThat(auction.category()).isBetween(10L, 14L);
            assertThat(auction.reserve()).isGreaterThan(auction.initialBid());
            assertThat(auction.initialBid()).isBetween(100L, 100_000_000L);
            assertThat(auction.itemName()).isNotEmpty();
            break;
          }
        default:
          {
            Bid bid = generator.bid(id, true);
            bids++;
            assertThat(bid.dateTime()).isEqualTo(time);
            assertThat(bid.auction())
                .as("bid %d refers to an existing or near-future auction", id)
                .isBetween(1000L, newestAuction + NexmarkConfig.ID_LEAD);
            assertThat(bid.bidder()).isBetween(1000L, newestPerson + NexmarkConfig.ID_LEAD);
            assertThat(bid.price()).isBetween(100L, 100_000_000L);
            assertThat(bid.url()).startsWith("https://www.nexmark.com/");
            assertThat(bid.url().split("/")).hasSizeGreaterThanOrEqualTo(7);
            assertThat(bid.channel()).isNotEmpty();
            if ((bid.auction() - 1000) % 100 == 0) {
              hotAuctionBids++;
            }
            if ((bid.bidder() - 1000) % 100 == 1) {
              hotBidderBids++;
            }
            extraBytes += bid.extra().length();
            break;
          }
      }
    }
    // One bid in two goes to the hot auction, three in four come from the hot bidder.
    assertThat((double) hotAuctionBids / bids).isBetween(0.48, 0.56);
    assertThat((double) hotBidderBids / bids).isBetween(0.73, 0.78);
    // Padding brings a bid to 100 bytes on average with its 32 bytes of numbers.
    assertThat((double) extraBytes / bids).isBetween(66.0, 70.0);
  }

  @Test
  void auctionsExpireAfterAboutAHundredNewerAuctions() {
    NexmarkConfig config = NexmarkConfig.DEFAULT;
    NexmarkGenerator generator = new NexmarkGenerator(config);
    long total = 0;
    long count = 0;
    for (long id = 1; id < 50_000; id += 50) {
      Auction auction = generator.auction(id, false);
      total += auction.expires() - auction.dateTime();
      count++;
    }
    // 100 auctions take 100 * 50 / 3 events, 1666 events at 10 000 events/s: ~167 ms.
    assertThat((double) total / count).isBetween(140.0, 195.0);
  }

  @Test
  void leavingOutExtraChangesNoOtherField() {
    NexmarkGenerator generator = new NexmarkGenerator(NexmarkConfig.DEFAULT);
    for (long id = 4; id < 500; id += 50) {
      Bid with = generator.bid(id, true);
      Bid without = generator.bid(id, false);
      assertThat(without.extra()).isEmpty();
      assertThat(with.extra()).isNotEmpty();
      assertThat(without)
          .isEqualTo(
              new Bid(
                  with.auction(),
                  with.bidder(),
                  with.price(),
                  with.channel(),
                  with.url(),
                  with.dateTime(),
                  ""));
    }
  }

  @Test
  void paddingIsSpelledOnlyForTheRowsReadAndEqualsTheGenerators() {
    NexmarkGenerator generator = new NexmarkGenerator(NexmarkConfig.DEFAULT);
    for (String table : List.of("person", "auction", "bid")) {
      List<Column> columns = columnsOf(table);
      int extra = columns.size() - 1;
      NexmarkSource source = source(table, columns);
      NexmarkOffset start = source.initialOffset();
      Batch batch = source.read(start, new NexmarkOffset(start.startMillis(), 5_000));
      assertThat(batch.isDeferred(extra)).as(table).isTrue();
      assertThat(batch.isSelfContained(extra)).as("a join may hold it unbuilt").isTrue();
      assertThat(batch.isDeferred(0)).as(table).isFalse();

      int[] some = {batch.rowCount() - 1, 0, 7, 7, batch.rowCount() / 2};
      ColumnVector gathered = batch.gather(extra, some, some.length);
      assertThat(batch.isDeferred(extra)).as("a gather builds no whole column").isTrue();
      ColumnVector whole = batch.column(extra);
      assertThat(batch.isDeferred(extra)).isFalse();
      for (int i = 0; i < some.length; i++) {
        assertThat(gathered.getObject(i)).isEqualTo(whole.getObject(some[i]));
      }
      // the same text the generator spells for the event, row by row
      NexmarkTable kind = NexmarkTable.parse(table);
      int row = 0;
      for (long id = 0; id < 5_000; id++) {
        if (NexmarkConfig.DEFAULT.tableOf(id) != kind) {
          continue;
        }
        String expected =
            switch (kind) {
              case PERSON -> generator.person(id, true).extra();
              case AUCTION -> generator.auction(id, true).extra();
              default -> generator.bid(id, true).extra();
            };
        assertThat(whole.getObject(row)).as("%s event %d", table, id).isEqualTo(expected);
        row++;
      }
      assertThat(row).isEqualTo(batch.rowCount());
    }
  }

  /**
   * The events are part of the product (checkpoints replay them, benchmarks compare them across
   * versions): a digest of every field of the first events and of events far on, with the rate of a
   * config whose event time is not a whole number of ms per event, pins them.
   */
  @Test
  void eventsAreTheSameAsEverBefore() throws Exception {
    Map<String, String> digests = new TreeMap<>();
    for (String table : List.of("person", "auction", "bid")) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String rate : List.of("10000", "3")) {
        NexmarkSource source = source(table, columnsOf(table), "first-event.rate", rate);
        NexmarkOffset start = source.initialOffset();
        for (long from : new long[] {0, 987_654_321L}) {
          Batch batch =
              source.read(
                  new NexmarkOffset(start.startMillis(), from),
                  new NexmarkOffset(start.startMillis(), from + 30_001));
          for (Object[] row : batch.rows()) {
            digest.update(Arrays.toString(row).getBytes(StandardCharsets.UTF_8));
          }
        }
      }
      digests.put(table, HexFormat.of().formatHex(digest.digest()));
    }
    assertThat(digests)
        .isEqualTo(
            Map.of(
                "person",
                "65aaf9b5f9987a48b826dfa455a7e94819165f6c15308a6b6351bc20d3e0c298",
                "auction",
                "44335909f7b8970470b2977b13017b70c56389c936ae8b2c400d602ec81785f1",
                "bid",
                "15f996d4d261caa0bb52f53de23cc86b075eded4cc24b249ef6b8e14af7249cd"));
  }

  @Test
  void baseTimeOptionMovesEventTime() {
    NexmarkSource source =
        source("person", PERSON, "base-time", "2026-01-01 00:00:00", "first-event.rate", "50");
    List<List<Object>> rows = readAll(source, 101);
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).get(6)).isEqualTo(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    assertThat(rows.get(1).get(6)).isEqualTo(Instant.parse("2026-01-01T00:00:01Z").toEpochMilli());
  }

  @Test
  void invalidDeclarationsAreNamed() {
    assertThatThrownBy(() -> source("bids", BID))
        .hasMessageContaining("'nexmark.table'")
        .hasMessageContaining("person, auction, bid");
    assertThatThrownBy(() -> source("bid", List.of(Column.of("seller", ColumnType.BIGINT))))
        .hasMessage(
            "Column 'seller' of 'bid' is not a field of nexmark table bid; its fields "
                + "are auction, bidder, price, channel, url, date_time, extra");
    assertThatThrownBy(() -> source("bid", List.of(Column.of("price", ColumnType.DOUBLE))))
        .hasMessage(
            "Column 'price' of 'bid' is declared DOUBLE but nexmark field bid.price is "
                + "BIGINT");
    assertThatThrownBy(() -> source("bid", BID, "events", "0")).hasMessageContaining("'events'");
    assertThatThrownBy(() -> source("bid", BID, "base-time", "soon"))
        .hasMessageContaining("'base-time'");
    assertThatThrownBy(() -> source("bid", BID, "max-events-per-trigger", "100000000"))
        .hasMessageContaining("'max-events-per-trigger'");
    assertThatThrownBy(() -> source("bid", BID).parseOffset("{\"rows\": 3}"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<Column> columnsOf(String table) {
    return table.equals("person") ? PERSON : table.equals("auction") ? AUCTION : BID;
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
