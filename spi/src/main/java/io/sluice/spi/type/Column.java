package io.sluice.spi.type;

import static java.util.Objects.requireNonNull;

/**
 * A declared column of a stream or table.
 *
 * @param precision length of VARCHAR, digits of DECIMAL, fractional digits of TIMESTAMP; -1 if
 *     unset
 * @param scale DECIMAL scale; -1 if unset
 */
public record Column(String name, ColumnType type, int precision, int scale, boolean nullable) {
  public Column {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
  }

  public static Column of(String name, ColumnType type) {
    return new Column(name, type, -1, -1, true);
  }
}
