package io.sluice.connector.datagen.nexmark;

import io.sluice.connector.format.TemporalParser;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceOptions;

/**
 * The parameters that fix the Nexmark event sequence, and the arithmetic on event ids that follows
 * from them. Event {@code n} (from 0) of the global sequence is a person, an auction or a bid by
 * {@code n} modulo the sum of the proportions (persons first, then auctions, then bids), and
 * happens at {@code baseTime + n * 1000 / firstEventRate} ms. Everything else about an event is
 * drawn from a random generator seeded by its id, so any event can be generated on its own. The
 * arithmetic here defines the sequence; {@link EventPosition} steps the same values from one id to
 * the next.
 *
 * @param personProportion persons per {@code personProportion + auctionProportion + bidProportion}
 *     events (default 1)
 * @param auctionProportion auctions per that many events (default 3)
 * @param bidProportion bids per that many events (default 46)
 * @param firstEventRate events per second of event time (default 10 000)
 * @param baseTimeMillis event time of event 0, epoch millis (default 2015-07-15 00:00:00 UTC)
 */
public record NexmarkConfig(
    int personProportion,
    int auctionProportion,
    int bidProportion,
    long firstEventRate,
    long baseTimeMillis) {
  public static final String PERSON_PROPORTION_OPTION = "person.proportion";
  public static final String AUCTION_PROPORTION_OPTION = "auction.proportion";
  public static final String BID_PROPORTION_OPTION = "bid.proportion";
  public static final String FIRST_EVENT_RATE_OPTION = "first-event.rate";
  public static final String BASE_TIME_OPTION = "base-time";

  /** Beam's Nexmark base time, so event times look alike across implementations. */
  public static final long DEFAULT_BASE_TIME_MILLIS = 1_436_918_400_000L;

  public static final long DEFAULT_FIRST_EVENT_RATE = 10_000;

  /** Ids start above zero so small runs still find the constants queries look for. */
  public static final long FIRST_PERSON_ID = 1000;

  public static final long FIRST_AUCTION_ID = 1000;
  public static final long FIRST_CATEGORY_ID = 10;
  public static final int NUM_CATEGORIES = 5;

  /** One in this many auctions (bids) go to a random rather than a hot seller (auction, bidder). */
  public static final int HOT_SELLERS_RATIO = 4;

  public static final int HOT_AUCTION_RATIO = 2;
  public static final int HOT_BIDDERS_RATIO = 4;

  /** Hot ids are the first (sellers, auctions) or second (bidders) of each block of this many. */
  public static final int HOT_BLOCK = 100;

  /** Auctions in flight at once: sets auction lengths and the range of random bid targets. */
  public static final int NUM_IN_FLIGHT_AUCTIONS = 100;

  /** Persons recent enough to sell or bid. */
  public static final int NUM_ACTIVE_PEOPLE = 1000;

  /** How far past the newest id a random reference may point (events seen out of order). */
  public static final int ID_LEAD = 10;

  public static final int AVG_PERSON_BYTES = 200;
  public static final int AVG_AUCTION_BYTES = 500;
  public static final int AVG_BID_BYTES = 100;

  /** The largest proportion of one kind of event. */
  public static final int MAX_PROPORTION = 1000;

  public static final NexmarkConfig DEFAULT =
      new NexmarkConfig(1, 3, 46, DEFAULT_FIRST_EVENT_RATE, DEFAULT_BASE_TIME_MILLIS);

  public NexmarkConfig {
    // bounded so that their sum, and the arithmetic on ids that divides by it, cannot overflow
    if (personProportion <= 0
        || auctionProportion <= 0
        || bidProportion <= 0
        || personProportion > MAX_PROPORTION
        || auctionProportion > MAX_PROPORTION
        || bidProportion > MAX_PROPORTION) {
      throw new IllegalArgumentException(
          "Nexmark proportions must be from 1 to "
              + MAX_PROPORTION
              + ": "
              + personProportion
              + ":"
              + auctionProportion
              + ":"
              + bidProportion);
    }
    if (firstEventRate <= 0) {
      throw new IllegalArgumentException("firstEventRate must be positive: " + firstEventRate);
    }
  }

  /**
   * The parameters a stream's WITH options set.
   *
   * @throws IllegalArgumentException for an invalid option, naming it and the relation
   */
  public static NexmarkConfig fromOptions(SourceContext context) {
    long baseTime = DEFAULT_BASE_TIME_MILLIS;
    String baseText = context.options().get(BASE_TIME_OPTION);
    if (baseText != null) {
      try {
        baseTime = TemporalParser.parseTimestamp(baseText);
      } catch (IllegalArgumentException e) {
        throw SourceOptions.invalid(
            context,
            BASE_TIME_OPTION,
            baseText,
            "a timestamp such as '2015-07-15 00:00:00' or epoch milliseconds");
      }
    }
    return new NexmarkConfig(
        proportion(context, PERSON_PROPORTION_OPTION, 1),
        proportion(context, AUCTION_PROPORTION_OPTION, 3),
        proportion(context, BID_PROPORTION_OPTION, 46),
        SourceOptions.positiveLong(context, FIRST_EVENT_RATE_OPTION, DEFAULT_FIRST_EVENT_RATE),
        baseTime);
  }

  private static int proportion(SourceContext context, String key, int defaultValue) {
    long value = SourceOptions.positiveLong(context, key, defaultValue);
    if (value > MAX_PROPORTION) {
      throw SourceOptions.invalid(
          context, key, context.options().get(key), "a positive integer up to " + MAX_PROPORTION);
    }
    return (int) value;
  }

  public int totalProportion() {
    return personProportion + auctionProportion + bidProportion;
  }

  /** The kind of event {@code eventId} is. */
  public NexmarkTable tableOf(long eventId) {
    long offset = eventId % totalProportion();
    if (offset < personProportion) {
      return NexmarkTable.PERSON;
    }
    return offset < personProportion + auctionProportion ? NexmarkTable.AUCTION : NexmarkTable.BID;
  }

  /**
   * Event time of event {@code eventId}, epoch millis; never decreases with the id. The definition
   * {@link EventPosition} steps (and its test checks it against), as are the two below.
   */
  public long timestampOf(long eventId) {
    // Exact integer arithmetic while it cannot overflow (ids below 9.2e15).
    return eventId < Long.MAX_VALUE / 1000
        ? baseTimeMillis + eventId * 1000 / firstEventRate
        : baseTimeMillis + (long) (eventId * (1000.0 / firstEventRate));
  }

  /** How many of the events {@code 0 .. events-1} are of kind {@code table}. */
  public long countOf(NexmarkTable table, long events) {
    int low;
    int high;
    switch (table) {
      case PERSON:
        low = 0;
        high = personProportion;
        break;
      case AUCTION:
        low = personProportion;
        high = personProportion + auctionProportion;
        break;
      default:
        low = personProportion + auctionProportion;
        high = totalProportion();
        break;
    }
    long epochs = events / totalProportion();
    long rest = events % totalProportion();
    return epochs * (high - low) + Math.max(0, Math.min(rest, high) - low);
  }

  /**
   * The newest person id (from 0, before adding {@link #FIRST_PERSON_ID}) as of event {@code
   * eventId}: that event's own id when it is a person.
   */
  public long lastBase0PersonId(long eventId) {
    long epoch = eventId / totalProportion();
    long offset = eventId % totalProportion();
    if (offset >= personProportion) {
      offset = personProportion - 1L;
    }
    return epoch * personProportion + offset;
  }

  /**
   * The newest auction id (from 0) as of event {@code eventId}: that event's own id when it is an
   * auction; -1 before the first auction.
   */
  public long lastBase0AuctionId(long eventId) {
    long epoch = eventId / totalProportion();
    long offset = eventId % totalProportion();
    if (offset < personProportion) {
      epoch--;
      offset = auctionProportion - 1L;
    } else if (offset >= personProportion + auctionProportion) {
      offset = auctionProportion - 1L;
    } else {
      offset -= personProportion;
    }
    return epoch * auctionProportion + offset;
  }
}
