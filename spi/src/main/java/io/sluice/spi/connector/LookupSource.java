package io.sluice.spi.connector;

import java.util.List;

/**
 * A table read by key while a stream joins it (a lookup join): for the keys of a micro-batch's
 * rows, the table's rows with those keys, as they are when asked. Values are in batch storage form
 * (see {@link io.sluice.spi.type.ColumnType}), boxed: {@link Long}, {@link Double}, {@link
 * java.math.BigDecimal}, {@link String}.
 */
public interface LookupSource extends AutoCloseable {
  /**
   * The rows whose key columns equal one of {@code keys}, all of them for each key, in any order; a
   * key without rows has none in the result.
   *
   * @param keys distinct, NULL-free key values, in the order of the key columns the source was
   *     created with
   * @return rows holding the columns the source reads ({@link SourceContext#projection()}), in that
   *     order
   * @throws SourceReadException when the table cannot be read; the message names it
   */
  List<Object[]> lookup(List<Object[]> keys);

  @Override
  default void close() {}
}
