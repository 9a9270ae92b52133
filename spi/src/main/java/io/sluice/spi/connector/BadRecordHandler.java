package io.sluice.spi.connector;

import static java.util.Objects.requireNonNull;

import org.slf4j.Logger;

/**
 * Applies a source's {@code on-error} policy to the records it cannot decode: fail the read, or
 * count and log the record and, under {@code dead-letter}, keep it. One per source; thread-safe, as
 * a parallel query reads a source's splits at once.
 */
public final class BadRecordHandler {
  // Beyond this many per read, bad records are only counted, so one bad file can't flood the log
  private static final int MAX_LOGGED_PER_READ = 100;
  // A decoder's message may quote part of the record, and records can be megabytes
  private static final int MAX_REASON_LENGTH = 500;

  private final String relationName;
  private final OnErrorPolicy policy;
  private final SourceMetrics metrics;
  private final DeadLetters deadLetters;
  private final Logger log;
  private int logged;
  private int unlogged;

  /**
   * @param log the source's logger, so its messages stay under its name
   */
  public BadRecordHandler(SourceContext context, Logger log) {
    requireNonNull(context, "context is null");
    this.relationName = context.relationName();
    this.policy = context.onErrorPolicy();
    this.metrics = context.metrics();
    this.deadLetters = context.deadLetters();
    this.log = requireNonNull(log, "log is null");
  }

  public OnErrorPolicy policy() {
    return policy;
  }

  /**
   * Handles one bad record.
   *
   * @param position where it is, e.g. {@code file '/in/a.csv' line 3}
   * @param raw the record's text, or null when it has none
   * @throws SourceReadException under {@code 'on-error' = 'fail'}, naming relation and position
   */
  public synchronized void onBadRecord(String position, String raw, BadRecordException error) {
    requireNonNull(position, "position is null");
    requireNonNull(error, "error is null");
    String reason = String.valueOf(error.getMessage());
    if (reason.length() > MAX_REASON_LENGTH) {
      reason = reason.substring(0, MAX_REASON_LENGTH) + "...";
    }
    if (policy == OnErrorPolicy.FAIL) {
      throw new SourceReadException(
          "Bad record in '" + relationName + "', " + position + ": " + reason, error);
    }
    metrics.recordBadRecord();
    boolean deadLetter = policy == OnErrorPolicy.DEAD_LETTER;
    if (deadLetter) {
      deadLetters.add(
          new DeadLetter(
              relationName,
              position,
              String.valueOf(error.getMessage()),
              raw,
              System.currentTimeMillis()));
    }
    if (logged < MAX_LOGGED_PER_READ) {
      logged++;
      log.warn(
          "{} bad record in '{}', {}: {}",
          deadLetter ? "Dead-lettered" : "Skipped",
          relationName,
          position,
          reason);
    } else {
      unlogged++;
    }
  }

  /** Ends a read (a batch): summarises what was not logged one by one and resets the cap. */
  public synchronized void endRead() {
    if (unlogged > 0) {
      log.warn(
          "{} {} more bad records of '{}' in this batch without logging each",
          policy == OnErrorPolicy.DEAD_LETTER ? "Dead-lettered" : "Skipped",
          unlogged,
          relationName);
    }
    logged = 0;
    unlogged = 0;
  }
}
