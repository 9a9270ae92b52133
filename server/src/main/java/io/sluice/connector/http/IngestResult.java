package io.sluice.connector.http;

import static java.util.Objects.requireNonNull;

/**
 * What a post to a stream did, once its accepted records are on disk.
 *
 * @param stream the stream's name as declared
 * @param accepted records appended to its log
 * @param skipped bad records dropped ({@code 'on-error' = 'skip'})
 * @param deadLettered bad records kept in {@code sys.dead_letters} ({@code 'on-error' =
 *     'dead-letter'})
 * @param logEnd the log position just past the last record appended
 */
public record IngestResult(
    String stream, int accepted, int skipped, int deadLettered, long logEnd) {
  public IngestResult {
    requireNonNull(stream, "stream is null");
  }
}
