package io.sluice.connector.parquet;

import io.sluice.spi.connector.BadRecordException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rows of a row group whose values did not convert, collected while its columns are decoded one
 * after another: per row the first error (columns are decoded in declaration order, so it is the
 * first column's, as a row-by-row decoder would find it) and the file's text of each value that
 * failed, for the bad record's raw form.
 */
final class RowErrors {
  private final TreeMap<Integer, Failure> rows = new TreeMap<>();

  /** The first error of a row and the failed values' text by column. */
  record Failure(BadRecordException error, Map<Integer, String> values) {}

  /** Notes that {@code column}'s value {@code text} at {@code row} of the batch did not convert. */
  void add(int row, int column, String text, BadRecordException error) {
    Failure failure = rows.computeIfAbsent(row, r -> new Failure(error, new HashMap<>()));
    failure.values().put(column, text);
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The failed rows in order, by row of the batch. */
  TreeMap<Integer, Failure> rows() {
    return rows;
  }

  void clear() {
    rows.clear();
  }
}
