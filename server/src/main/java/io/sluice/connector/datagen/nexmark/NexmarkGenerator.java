package io.sluice.connector.datagen.nexmark;

import static java.util.Objects.requireNonNull;

/**
 * Generates Nexmark events after the public model of Beam's and Flink's generators: 1 person : 3
 * auctions : 46 bids by default; most auctions go to hot sellers and most bids to hot auctions by
 * hot bidders; auctions last about as long as it takes {@value
 * NexmarkConfig#NUM_IN_FLIGHT_AUCTIONS} newer auctions to arrive; references point at existing or
 * slightly future ids.
 *
 * <p>Every event is a pure function of its id and the config: its random draws come from a
 * generator seeded by the id, so a source can generate any range of events, and readers of the
 * three kinds agree on ids because they share the global sequence. The padding field {@code extra}
 * is drawn last, so leaving it out does not change the other fields.
 */
public final class NexmarkGenerator {
  private static final String[] US_STATES = {"AZ", "CA", "ID", "OR", "WA", "WY"};
  private static final String[] US_CITIES = {
    "Phoenix",
    "Los Angeles",
    "San Francisco",
    "Boise",
    "Portland",
    "Bend",
    "Redmond",
    "Seattle",
    "Kent",
    "Cheyenne"
  };
  private static final String[] FIRST_NAMES = {
    "Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter", "Walter"
  };
  private static final String[] LAST_NAMES = {
    "Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris"
  };
  private static final long SEED_SALT = 0x5DEECE66DL;
  private static final int CREDIT_CARD_LENGTH = 19;
  private static final String EMAIL_AT = "@";
  private static final String EMAIL_DOMAIN = ".com";

  private final NexmarkConfig config;

  public NexmarkGenerator(NexmarkConfig config) {
    this.config = requireNonNull(config, "config is null");
  }

  public NexmarkConfig config() {
    return config;
  }

  /**
   * The random draws of the event at {@code at}, from {@code out}'s generator; a mixed seed so
   * neighbouring ids get unrelated streams.
   */
  private static NexmarkRandom randomFor(EventPosition at, EventColumns out) {
    long z = at.eventId() ^ SEED_SALT;
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return out.drawsFrom(z ^ (z >>> 33));
  }

  /**
   * Person event {@code eventId}, which must be of {@link NexmarkTable#PERSON}'s kind.
   *
   * @param withExtra whether to spell the padding field (empty otherwise)
   */
  public Person person(long eventId, boolean withExtra) {
    EventColumns one = EventColumns.ofOneEvent(NexmarkTable.PERSON);
    person(positionOf(eventId), one, 0);
    return new Person(
        one.longAt(NexmarkField.PERSON_ID, 0),
        one.textAt(NexmarkField.PERSON_NAME, 0),
        one.textAt(NexmarkField.PERSON_EMAIL_ADDRESS, 0),
        one.textAt(NexmarkField.PERSON_CREDIT_CARD, 0),
        one.textAt(NexmarkField.PERSON_CITY, 0),
        one.textAt(NexmarkField.PERSON_STATE, 0),
        one.longAt(NexmarkField.PERSON_DATE_TIME, 0),
        withExtra ? NexmarkStrings.text(one.paddingAt(0)) : "");
  }

  /** Writes the person event at {@code at} to row {@code row} of {@code out}. */
  void person(EventPosition at, EventColumns out, int row) {
    NexmarkRandom random = randomFor(at, out);
    out.put(NexmarkField.PERSON_ID, row, at.lastBase0PersonId() + NexmarkConfig.FIRST_PERSON_ID);
    String first = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
    String last = LAST_NAMES[random.nextInt(LAST_NAMES.length)];
    int size = 8 + first.length() + 1 + last.length();
    if (out.reads(NexmarkField.PERSON_NAME)) {
      out.put(NexmarkField.PERSON_NAME, row, first + " " + last);
    }
    size += drawEmail(random, out, row);
    size += drawCreditCard(random, out, row);
    String city = US_CITIES[random.nextInt(US_CITIES.length)];
    String state = US_STATES[random.nextInt(US_STATES.length)];
    out.put(NexmarkField.PERSON_CITY, row, city);
    out.put(NexmarkField.PERSON_STATE, row, state);
    out.put(NexmarkField.PERSON_DATE_TIME, row, at.timestamp());
    if (out.readsPadding()) {
      size += city.length() + state.length();
      out.putPadding(
          row, NexmarkStrings.nextExtraWindow(random, size, NexmarkConfig.AVG_PERSON_BYTES));
    }
  }

  /** A person's e-mail address, spelled if {@code out} reads it; returns its length. */
  private static int drawEmail(NexmarkRandom random, EventColumns out, int row) {
    if (!out.reads(NexmarkField.PERSON_EMAIL_ADDRESS)) {
      return NexmarkStrings.skipString(random, 7, ' ')
          + EMAIL_AT.length()
          + NexmarkStrings.skipString(random, 5, ' ')
          + EMAIL_DOMAIN.length();
    }
    String email =
        NexmarkStrings.nextString(random, 7, ' ')
            + EMAIL_AT
            + NexmarkStrings.nextString(random, 5, ' ')
            + EMAIL_DOMAIN;
    out.put(NexmarkField.PERSON_EMAIL_ADDRESS, row, email);
    return email.length();
  }

  /**
   * A credit card number, four groups of four digits, spelled if {@code out} reads it; returns its
   * length.
   */
  private static int drawCreditCard(NexmarkRandom random, EventColumns out, int row) {
    char[] chars = out.reads(NexmarkField.PERSON_CREDIT_CARD) ? new char[CREDIT_CARD_LENGTH] : null;
    for (int group = 0; group < 4; group++) {
      int value = random.nextInt(10_000);
      if (chars == null) {
        continue;
      }
      int at = group * 5;
      if (group > 0) {
        chars[at - 1] = ' ';
      }
      for (int digit = 3; digit >= 0; digit--) {
        chars[at + digit] = (char) ('0' + value % 10);
        value /= 10;
      }
    }
    if (chars != null) {
      out.put(NexmarkField.PERSON_CREDIT_CARD, row, new String(chars));
    }
    return CREDIT_CARD_LENGTH;
  }

  /** Auction event {@code eventId}, which must be of {@link NexmarkTable#AUCTION}'s kind. */
  public Auction auction(long eventId, boolean withExtra) {
    EventColumns one = EventColumns.ofOneEvent(NexmarkTable.AUCTION);
    auction(positionOf(eventId), one, 0);
    return new Auction(
        one.longAt(NexmarkField.AUCTION_ID, 0),
        one.textAt(NexmarkField.AUCTION_ITEM_NAME, 0),
        one.textAt(NexmarkField.AUCTION_DESCRIPTION, 0),
        one.longAt(NexmarkField.AUCTION_INITIAL_BID, 0),
        one.longAt(NexmarkField.AUCTION_RESERVE, 0),
        one.longAt(NexmarkField.AUCTION_DATE_TIME, 0),
        one.longAt(NexmarkField.AUCTION_EXPIRES, 0),
        one.longAt(NexmarkField.AUCTION_SELLER, 0),
        one.longAt(NexmarkField.AUCTION_CATEGORY, 0),
        withExtra ? NexmarkStrings.text(one.paddingAt(0)) : "");
  }

  /** Writes the auction event at {@code at} to row {@code row} of {@code out}. */
  void auction(EventPosition at, EventColumns out, int row) {
    NexmarkRandom random = randomFor(at, out);
    long timestamp = at.timestamp();
    out.put(NexmarkField.AUCTION_ID, row, at.lastBase0AuctionId() + NexmarkConfig.FIRST_AUCTION_ID);
    long seller;
    if (random.nextInt(NexmarkConfig.HOT_SELLERS_RATIO) > 0) {
      seller = at.lastBase0PersonId() / NexmarkConfig.HOT_BLOCK * NexmarkConfig.HOT_BLOCK;
    } else {
      seller = randomBase0PersonId(at, random);
    }
    out.put(NexmarkField.AUCTION_SELLER, row, seller + NexmarkConfig.FIRST_PERSON_ID);
    out.put(
        NexmarkField.AUCTION_CATEGORY,
        row,
        NexmarkConfig.FIRST_CATEGORY_ID + random.nextInt(NexmarkConfig.NUM_CATEGORIES));
    long initialBid = price(random);
    out.put(NexmarkField.AUCTION_INITIAL_BID, row, initialBid);
    out.put(NexmarkField.AUCTION_DATE_TIME, row, timestamp);
    // An auction runs on average until NUM_IN_FLIGHT_AUCTIONS more auctions have been created,
    // so about that many are open at any time.
    out.put(
        NexmarkField.AUCTION_EXPIRES,
        row,
        timestamp + 1 + random.nextLong(Math.max(at.lookAheadMillis() * 2, 1)));
    int size = 8 + 8 + 8 + 8 + 8 + 8;
    size += drawText(random, 20, ' ', out, NexmarkField.AUCTION_ITEM_NAME, row);
    size += drawText(random, 100, ' ', out, NexmarkField.AUCTION_DESCRIPTION, row);
    out.put(NexmarkField.AUCTION_RESERVE, row, initialBid + price(random));
    if (out.readsPadding()) {
      out.putPadding(
          row, NexmarkStrings.nextExtraWindow(random, size, NexmarkConfig.AVG_AUCTION_BYTES));
    }
  }

  /**
   * Draws a {@link NexmarkStrings#nextString} for {@code field}, spelled only if {@code out} reads
   * it; returns its length.
   */
  private static int drawText(
      NexmarkRandom random,
      int maxLength,
      char space,
      EventColumns out,
      NexmarkField field,
      int row) {
    if (!out.reads(field)) {
      return NexmarkStrings.skipString(random, maxLength, space);
    }
    String text = NexmarkStrings.nextString(random, maxLength, space);
    out.put(field, row, text);
    return text.length();
  }

  /** A position in this generator's sequence, before any event. */
  EventPosition newPosition() {
    // An auction's length is drawn up to twice the time NUM_IN_FLIGHT_AUCTIONS auctions take.
    return new EventPosition(
        config,
        (long) NexmarkConfig.NUM_IN_FLIGHT_AUCTIONS
            * config.totalProportion()
            / config.auctionProportion());
  }

  private EventPosition positionOf(long eventId) {
    EventPosition at = newPosition();
    at.moveTo(eventId);
    return at;
  }

  /** Bid event {@code eventId}, which must be of {@link NexmarkTable#BID}'s kind. */
  public Bid bid(long eventId, boolean withExtra) {
    EventColumns one = EventColumns.ofOneEvent(NexmarkTable.BID);
    bid(positionOf(eventId), one, 0);
    return new Bid(
        one.longAt(NexmarkField.BID_AUCTION, 0),
        one.longAt(NexmarkField.BID_BIDDER, 0),
        one.longAt(NexmarkField.BID_PRICE, 0),
        one.textAt(NexmarkField.BID_CHANNEL, 0),
        one.textAt(NexmarkField.BID_URL, 0),
        one.longAt(NexmarkField.BID_DATE_TIME, 0),
        withExtra ? NexmarkStrings.text(one.paddingAt(0)) : "");
  }

  /** Writes the bid event at {@code at} to row {@code row} of {@code out}. */
  void bid(EventPosition at, EventColumns out, int row) {
    NexmarkRandom random = randomFor(at, out);
    long auction;
    if (random.nextInt(NexmarkConfig.HOT_AUCTION_RATIO) > 0) {
      auction = at.lastBase0AuctionId() / NexmarkConfig.HOT_BLOCK * NexmarkConfig.HOT_BLOCK;
    } else {
      auction = randomBase0AuctionId(at, random);
    }
    out.put(NexmarkField.BID_AUCTION, row, auction + NexmarkConfig.FIRST_AUCTION_ID);
    long bidder;
    if (random.nextInt(NexmarkConfig.HOT_BIDDERS_RATIO) > 0) {
      // The second of the block, so hot bidders are not also the hot sellers.
      bidder = at.lastBase0PersonId() / NexmarkConfig.HOT_BLOCK * NexmarkConfig.HOT_BLOCK + 1;
    } else {
      bidder = randomBase0PersonId(at, random);
    }
    out.put(NexmarkField.BID_BIDDER, row, bidder + NexmarkConfig.FIRST_PERSON_ID);
    out.put(NexmarkField.BID_PRICE, row, price(random));
    if (random.nextInt(2) > 0) {
      int hot = random.nextInt(NexmarkChannels.HOT_CHANNELS.length);
      out.put(NexmarkField.BID_CHANNEL, row, NexmarkChannels.HOT_CHANNELS[hot]);
      out.put(NexmarkField.BID_URL, row, NexmarkChannels.hotUrl(hot));
    } else {
      int numbered = random.nextInt(NexmarkChannels.NUMBERED_CHANNELS);
      out.put(NexmarkField.BID_CHANNEL, row, NexmarkChannels.name(numbered));
      out.put(NexmarkField.BID_URL, row, NexmarkChannels.url(numbered));
    }
    out.put(NexmarkField.BID_DATE_TIME, row, at.timestamp());
    if (out.readsPadding()) {
      out.putPadding(
          row, NexmarkStrings.nextExtraWindow(random, 8 + 8 + 8 + 8, NexmarkConfig.AVG_BID_BYTES));
    }
  }

  /** Prices spread log-uniformly from $1 to $1 000 000, in cents. */
  private static long price(NexmarkRandom random) {
    return Math.round(Math.pow(10.0, random.nextDouble() * 6.0) * 100.0);
  }

  /** One of the active persons, or one of the next few not yet created. */
  private static long randomBase0PersonId(EventPosition at, NexmarkRandom random) {
    long people = at.lastBase0PersonId() + 1;
    long active = Math.min(people, NexmarkConfig.NUM_ACTIVE_PEOPLE);
    return people - active + random.nextLong(active + NexmarkConfig.ID_LEAD);
  }

  /** One of the auctions likely still open, or one of the next few not yet created. */
  private static long randomBase0AuctionId(EventPosition at, NexmarkRandom random) {
    long newest = at.lastBase0AuctionId();
    long oldest = Math.max(newest - NexmarkConfig.NUM_IN_FLIGHT_AUCTIONS, 0);
    return oldest + random.nextLong(newest - oldest + 1 + NexmarkConfig.ID_LEAD);
  }
}
