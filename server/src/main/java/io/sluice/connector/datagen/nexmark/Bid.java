package io.sluice.connector.datagen.nexmark;

import static java.util.Objects.requireNonNull;

/**
 * A bid by a person on an auction.
 *
 * @param price in cents
 * @param dateTime event time, epoch millis
 * @param extra padding to the model's average event size; empty when not asked for
 */
public record Bid(
    long auction,
    long bidder,
    long price,
    String channel,
    String url,
    long dateTime,
    String extra) {
  public Bid {
    requireNonNull(channel, "channel is null");
    requireNonNull(url, "url is null");
    requireNonNull(extra, "extra is null");
  }
}
