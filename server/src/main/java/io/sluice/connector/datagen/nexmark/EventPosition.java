package io.sluice.connector.datagen.nexmark;

import static java.util.Objects.requireNonNull;

/**
 * Where one event stands in the global sequence and what {@link NexmarkConfig} derives from that
 * (event time, newest person and auction ids), stepped from one id to the next. Exactly {@link
 * NexmarkConfig}'s values: a source walks consecutive ids, and computing each afresh (three to five
 * 64-bit divisions per event) made a batch of bids about a tenth slower.
 */
final class EventPosition {
  /** From this id on {@link NexmarkConfig#timestampOf} leaves exact arithmetic: ask it. */
  private static final long STEPPED_IDS_BELOW = Long.MAX_VALUE / 1000;

  private final NexmarkConfig config;
  private final int total;

  /** How much event time one event adds: {@code 1000 / rate} ms and a remainder of the rate. */
  private final long stepMillis;

  private final long stepRemainder;

  private final long lookAhead;

  /** {@code lookAhead * 1000} as a quotient and remainder of the event rate. */
  private final long lookAheadQuotient;

  private final long lookAheadRemainder;

  private long eventId = -1;
  private long epoch;
  private int offset;

  /** {@code eventId * 1000 == millis * rate + remainder}, while ids are stepped. */
  private long millis;

  private long remainder;

  /**
   * A position before any event.
   *
   * @param auctionLookAhead events between an auction and the event whose time its length is drawn
   *     up to ({@link #lookAheadMillis()})
   */
  EventPosition(NexmarkConfig config, long auctionLookAhead) {
    this.config = requireNonNull(config, "config is null");
    this.total = config.totalProportion();
    long rate = config.firstEventRate();
    this.stepMillis = 1000 / rate;
    this.stepRemainder = 1000 % rate;
    // proportions of at most 1000 keep a look-ahead far below this
    if (auctionLookAhead < 0 || auctionLookAhead > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Not a look-ahead: " + auctionLookAhead);
    }
    this.lookAhead = auctionLookAhead;
    this.lookAheadQuotient = auctionLookAhead * 1000 / rate;
    this.lookAheadRemainder = auctionLookAhead * 1000 % rate;
  }

  /** Moves to event {@code id}: stepped from the id before it, computed afresh otherwise. */
  void moveTo(long id) {
    if (id == eventId + 1 && eventId >= 0 && id < STEPPED_IDS_BELOW) {
      eventId = id;
      if (++offset == total) {
        offset = 0;
        epoch++;
      }
      millis += stepMillis;
      remainder += stepRemainder;
      if (remainder >= config.firstEventRate()) {
        remainder -= config.firstEventRate();
        millis++;
      }
      return;
    }
    if (id < 0) {
      throw new IllegalArgumentException("Event ids start at 0, not " + id);
    }
    eventId = id;
    epoch = id / total;
    offset = (int) (id % total);
    if (id < STEPPED_IDS_BELOW) {
      millis = id * 1000 / config.firstEventRate();
      remainder = id * 1000 % config.firstEventRate();
    }
  }

  long eventId() {
    return eventId;
  }

  /** {@link NexmarkConfig#timestampOf} of this event. */
  long timestamp() {
    return eventId < STEPPED_IDS_BELOW
        ? config.baseTimeMillis() + millis
        : config.timestampOf(eventId);
  }

  /**
   * How much later than this event the event {@code auctionLookAhead} ids on happens: {@code
   * timestampOf(id + auctionLookAhead) - timestampOf(id)}.
   */
  long lookAheadMillis() {
    return eventId < STEPPED_IDS_BELOW - lookAhead
        ? lookAheadQuotient + (remainder + lookAheadRemainder >= config.firstEventRate() ? 1 : 0)
        : config.timestampOf(eventId + lookAhead) - config.timestampOf(eventId);
  }

  /** {@link NexmarkConfig#lastBase0PersonId} of this event. */
  long lastBase0PersonId() {
    int persons = config.personProportion();
    return epoch * persons + Math.min(offset, persons - 1);
  }

  /** {@link NexmarkConfig#lastBase0AuctionId} of this event. */
  long lastBase0AuctionId() {
    int persons = config.personProportion();
    int auctions = config.auctionProportion();
    if (offset < persons) {
      return (epoch - 1) * auctions + auctions - 1;
    }
    return epoch * auctions + Math.min(offset - persons, auctions - 1);
  }
}
