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

  private final NexmarkConfig config;

  public NexmarkGenerator(NexmarkConfig config) {
    this.config = requireNonNull(config, "config is null");
  }

  public NexmarkConfig config() {
    return config;
  }

  /** The random draws of one event; a mixed seed so neighbouring ids get unrelated streams. */
  private static NexmarkRandom randomFor(long eventId) {
    long z = eventId ^ SEED_SALT;
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return new NexmarkRandom(z ^ (z >>> 33));
  }

  /**
   * Person event {@code eventId}, which must be of {@link NexmarkTable#PERSON}'s kind.
   *
   * @param withExtra whether to draw the padding field (empty otherwise)
   */
  public Person person(long eventId, boolean withExtra) {
    return person(eventId, withExtra, null, 0);
  }

  /**
   * Person event {@code eventId} with an empty padding field, whose window of the letter pool goes
   * to {@code paddings[row]} instead.
   */
  public Person person(long eventId, long[] paddings, int row) {
    return person(eventId, false, requireNonNull(paddings, "paddings is null"), row);
  }

  private Person person(long eventId, boolean withExtra, long[] paddings, int row) {
    NexmarkRandom random = randomFor(eventId);
    long id = config.lastBase0PersonId(eventId) + NexmarkConfig.FIRST_PERSON_ID;
    String name =
        FIRST_NAMES[random.nextInt(FIRST_NAMES.length)]
            + " "
            + LAST_NAMES[random.nextInt(LAST_NAMES.length)];
    String email =
        NexmarkStrings.nextString(random, 7, ' ')
            + "@"
            + NexmarkStrings.nextString(random, 5, ' ')
            + ".com";
    String creditCard = creditCard(random);
    String city = US_CITIES[random.nextInt(US_CITIES.length)];
    String state = US_STATES[random.nextInt(US_STATES.length)];
    String extra = "";
    if (withExtra || paddings != null) {
      int size =
          8 + name.length() + email.length() + creditCard.length() + city.length() + state.length();
      extra = padding(random, size, NexmarkConfig.AVG_PERSON_BYTES, paddings, row);
    }
    return new Person(id, name, email, creditCard, city, state, config.timestampOf(eventId), extra);
  }

  /** Four groups of four digits. */
  private static String creditCard(NexmarkRandom random) {
    char[] chars = new char[19];
    for (int group = 0; group < 4; group++) {
      int value = random.nextInt(10_000);
      int at = group * 5;
      if (group > 0) {
        chars[at - 1] = ' ';
      }
      for (int digit = 3; digit >= 0; digit--) {
        chars[at + digit] = (char) ('0' + value % 10);
        value /= 10;
      }
    }
    return new String(chars);
  }

  /** Auction event {@code eventId}, which must be of {@link NexmarkTable#AUCTION}'s kind. */
  public Auction auction(long eventId, boolean withExtra) {
    return auction(eventId, withExtra, null, 0);
  }

  /**
   * Auction event {@code eventId} with an empty padding field, whose window of the letter pool goes
   * to {@code paddings[row]} instead.
   */
  public Auction auction(long eventId, long[] paddings, int row) {
    return auction(eventId, false, requireNonNull(paddings, "paddings is null"), row);
  }

  private Auction auction(long eventId, boolean withExtra, long[] paddings, int row) {
    NexmarkRandom random = randomFor(eventId);
    long timestamp = config.timestampOf(eventId);
    long id = config.lastBase0AuctionId(eventId) + NexmarkConfig.FIRST_AUCTION_ID;
    long seller;
    if (random.nextInt(NexmarkConfig.HOT_SELLERS_RATIO) > 0) {
      seller =
          config.lastBase0PersonId(eventId) / NexmarkConfig.HOT_BLOCK * NexmarkConfig.HOT_BLOCK;
    } else {
      seller = randomBase0PersonId(eventId, random);
    }
    seller += NexmarkConfig.FIRST_PERSON_ID;
    long category = NexmarkConfig.FIRST_CATEGORY_ID + random.nextInt(NexmarkConfig.NUM_CATEGORIES);
    long initialBid = price(random);
    long expires = timestamp + auctionLengthMillis(eventId, timestamp, random);
    String itemName = NexmarkStrings.nextString(random, 20, ' ');
    String description = NexmarkStrings.nextString(random, 100, ' ');
    long reserve = initialBid + price(random);
    String extra = "";
    if (withExtra || paddings != null) {
      int size = 8 + itemName.length() + description.length() + 8 + 8 + 8 + 8 + 8;
      extra = padding(random, size, NexmarkConfig.AVG_AUCTION_BYTES, paddings, row);
    }
    return new Auction(
        id,
        itemName,
        description,
        initialBid,
        reserve,
        timestamp,
        expires,
        seller,
        category,
        extra);
  }

  /**
   * How long an auction runs: on average until {@value NexmarkConfig#NUM_IN_FLIGHT_AUCTIONS} more
   * auctions have been created, so about that many are open at any time.
   */
  private long auctionLengthMillis(long eventId, long timestamp, NexmarkRandom random) {
    long eventsForAuctions =
        (long) NexmarkConfig.NUM_IN_FLIGHT_AUCTIONS
            * config.totalProportion()
            / config.auctionProportion();
    long horizon = config.timestampOf(eventId + eventsForAuctions) - timestamp;
    return 1 + random.nextLong(Math.max(horizon * 2, 1));
  }

  /** Bid event {@code eventId}, which must be of {@link NexmarkTable#BID}'s kind. */
  public Bid bid(long eventId, boolean withExtra) {
    return bid(eventId, withExtra, null, 0);
  }

  /**
   * Bid event {@code eventId} with an empty padding field, whose window of the letter pool goes to
   * {@code paddings[row]} instead.
   */
  public Bid bid(long eventId, long[] paddings, int row) {
    return bid(eventId, false, requireNonNull(paddings, "paddings is null"), row);
  }

  private Bid bid(long eventId, boolean withExtra, long[] paddings, int row) {
    NexmarkRandom random = randomFor(eventId);
    long auction;
    if (random.nextInt(NexmarkConfig.HOT_AUCTION_RATIO) > 0) {
      auction =
          config.lastBase0AuctionId(eventId) / NexmarkConfig.HOT_BLOCK * NexmarkConfig.HOT_BLOCK;
    } else {
      auction = randomBase0AuctionId(eventId, random);
    }
    auction += NexmarkConfig.FIRST_AUCTION_ID;
    long bidder;
    if (random.nextInt(NexmarkConfig.HOT_BIDDERS_RATIO) > 0) {
      // The second of the block, so hot bidders are not also the hot sellers.
      bidder =
          config.lastBase0PersonId(eventId) / NexmarkConfig.HOT_BLOCK * NexmarkConfig.HOT_BLOCK + 1;
    } else {
      bidder = randomBase0PersonId(eventId, random);
    }
    bidder += NexmarkConfig.FIRST_PERSON_ID;
    long price = price(random);
    String channel;
    String url;
    if (random.nextInt(2) > 0) {
      int hot = random.nextInt(NexmarkChannels.HOT_CHANNELS.length);
      channel = NexmarkChannels.HOT_CHANNELS[hot];
      url = NexmarkChannels.hotUrl(hot);
    } else {
      int numbered = random.nextInt(NexmarkChannels.NUMBERED_CHANNELS);
      channel = NexmarkChannels.name(numbered);
      url = NexmarkChannels.url(numbered);
    }
    String extra =
        withExtra || paddings != null
            ? padding(random, 8 + 8 + 8 + 8, NexmarkConfig.AVG_BID_BYTES, paddings, row)
            : "";
    return new Bid(auction, bidder, price, channel, url, config.timestampOf(eventId), extra);
  }

  /**
   * The padding field drawn last: its text, or its window into {@code paddings[row]} (and an empty
   * text) when {@code paddings} is given.
   */
  private static String padding(
      NexmarkRandom random, int currentSize, int averageSize, long[] paddings, int row) {
    long window = NexmarkStrings.nextExtraWindow(random, currentSize, averageSize);
    if (paddings == null) {
      return NexmarkStrings.text(window);
    }
    paddings[row] = window;
    return "";
  }

  /** Prices spread log-uniformly from $1 to $1 000 000, in cents. */
  private static long price(NexmarkRandom random) {
    return Math.round(Math.pow(10.0, random.nextDouble() * 6.0) * 100.0);
  }

  /** One of the active persons, or one of the next few not yet created. */
  private long randomBase0PersonId(long eventId, NexmarkRandom random) {
    long people = config.lastBase0PersonId(eventId) + 1;
    long active = Math.min(people, NexmarkConfig.NUM_ACTIVE_PEOPLE);
    return people - active + random.nextLong(active + NexmarkConfig.ID_LEAD);
  }

  /** One of the auctions likely still open, or one of the next few not yet created. */
  private long randomBase0AuctionId(long eventId, NexmarkRandom random) {
    long newest = config.lastBase0AuctionId(eventId);
    long oldest = Math.max(newest - NexmarkConfig.NUM_IN_FLIGHT_AUCTIONS, 0);
    return oldest + random.nextLong(newest - oldest + 1 + NexmarkConfig.ID_LEAD);
  }
}
