package io.sluice.connector.format;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.connector.BadRecordException;
import io.sluice.spi.format.RowDecoder;
import io.sluice.spi.type.Column;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a record that leaves a NOT NULL column empty a bad record, handled by the stream's {@code
 * on-error} policy like any other, instead of a NULL the query was promised not to see.
 */
final class NotNullCheckingDecoder implements RowDecoder {
  private final RowDecoder delegate;
  private final int[] notNullColumns;
  private final List<String> names;

  private NotNullCheckingDecoder(RowDecoder delegate, int[] notNullColumns, List<String> names) {
    this.delegate = requireNonNull(delegate, "delegate is null");
    this.notNullColumns = notNullColumns.clone();
    this.names = List.copyOf(names);
  }

  /** {@code decoder} itself when every column is nullable. */
  static RowDecoder wrap(RowDecoder decoder, List<Column> columns) {
    List<Integer> positions = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int c = 0; c < columns.size(); c++) {
      if (!columns.get(c).nullable()) {
        positions.add(c);
        names.add(columns.get(c).name());
      }
    }
    if (positions.isEmpty()) {
      return decoder;
    }
    return new NotNullCheckingDecoder(
        decoder, positions.stream().mapToInt(Integer::intValue).toArray(), names);
  }

  @Override
  public void decode(String record, BatchBuilder out) throws BadRecordException {
    delegate.decode(record, out);
    check(out);
  }

  @Override
  public void decode(byte[] bytes, int offset, int length, BatchBuilder out)
      throws BadRecordException {
    delegate.decode(bytes, offset, length, out);
    check(out);
  }

  /** The delegate's fast path; a line missing a NOT NULL value goes the general way, to fail. */
  @Override
  public int decodeLine(byte[] bytes, int offset, int limit, BatchBuilder out) {
    int end = delegate.decodeLine(bytes, offset, limit, out);
    if (end >= 0) {
      for (int column : notNullColumns) {
        if (out.isNullInCurrentRow(column)) {
          return LINE_NOT_DECODED;
        }
      }
    }
    return end;
  }

  private void check(BatchBuilder out) throws BadRecordException {
    for (int i = 0; i < notNullColumns.length; i++) {
      if (out.isNullInCurrentRow(notNullColumns[i])) {
        throw new BadRecordException(
            "column '" + names.get(i) + "' is declared NOT NULL but the record gives it no value");
      }
    }
  }
}
