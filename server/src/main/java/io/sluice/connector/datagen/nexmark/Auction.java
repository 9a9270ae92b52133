package io.sluice.connector.datagen.nexmark;

import static java.util.Objects.requireNonNull;

/**
 * A new auction: an item a seller puts up until {@code expires}.
 *
 * @param dateTime event time, epoch millis
 * @param expires when bidding ends, epoch millis; after {@code dateTime}
 * @param extra padding to the model's average event size; empty when not asked for
 */
public record Auction(
    long id,
    String itemName,
    String description,
    long initialBid,
    long reserve,
    long dateTime,
    long expires,
    long seller,
    long category,
    String extra) {
  public Auction {
    requireNonNull(itemName, "itemName is null");
    requireNonNull(description, "description is null");
    requireNonNull(extra, "extra is null");
  }
}
