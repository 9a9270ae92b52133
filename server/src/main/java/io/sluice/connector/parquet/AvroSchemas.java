package io.sluice.connector.parquet;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.type.Column;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * The Avro schema Parquet files are written with, derived from a relation's columns: TIMESTAMP as
 * {@code timestamp-millis}, DATE as {@code date}, TIME as {@code time-millis}, DECIMAL(p, s) as
 * {@code decimal(p, s)} bytes; nullable columns are unions with null.
 */
public final class AvroSchemas {
  static final String RECORD_NAME = "row";
  static final String NAMESPACE = "io.sluice";
  // Avro's largest useful decimal precision for a column declared without one
  private static final int DEFAULT_DECIMAL_PRECISION = 38;

  private AvroSchemas() {}

  /** The record schema of a row of {@code columns}; field names per {@link #fieldNames}. */
  public static Schema of(List<Column> columns) {
    requireNonNull(columns, "columns is null");
    List<String> names = fieldNames(columns);
    List<Schema.Field> fields = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      Column column = columns.get(i);
      Schema value = valueSchema(column);
      fields.add(
          column.nullable()
              ? new Schema.Field(
                  names.get(i),
                  Schema.createUnion(Schema.create(Schema.Type.NULL), value),
                  null,
                  Schema.Field.NULL_DEFAULT_VALUE)
              : new Schema.Field(names.get(i), value));
    }
    return Schema.createRecord(RECORD_NAME, null, NAMESPACE, false, fields);
  }

  /**
   * Avro field names of {@code columns}: the column name where Avro allows it, otherwise with each
   * disallowed character replaced by {@code _} (e.g. Calcite's {@code EXPR$1} becomes {@code
   * EXPR_1}), made unique by a numeric suffix.
   */
  public static List<String> fieldNames(List<Column> columns) {
    Set<String> taken = new HashSet<>();
    List<String> names = new ArrayList<>(columns.size());
    for (Column column : columns) {
      String base = sanitize(column.name());
      String name = base;
      for (int n = 2; !taken.add(name.toLowerCase(Locale.ROOT)); n++) {
        name = base + "_" + n;
      }
      names.add(name);
    }
    return names;
  }

  /** {@code name} with the characters Avro disallows in names replaced by {@code _}. */
  static String sanitize(String name) {
    StringBuilder out = new StringBuilder(name.length() + 1);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
      boolean digit = c >= '0' && c <= '9';
      out.append(letter || digit && i > 0 ? c : '_');
    }
    if (out.length() == 0) {
      out.append('_');
    }
    return out.toString();
  }

  private static Schema valueSchema(Column column) {
    switch (column.type()) {
      case BOOLEAN:
        return Schema.create(Schema.Type.BOOLEAN);
      case TINYINT:
      case SMALLINT:
      case INTEGER:
        return Schema.create(Schema.Type.INT);
      case BIGINT:
        return Schema.create(Schema.Type.LONG);
      case REAL:
        return Schema.create(Schema.Type.FLOAT);
      case DOUBLE:
        return Schema.create(Schema.Type.DOUBLE);
      case DECIMAL:
        return LogicalTypes.decimal(decimalPrecision(column), decimalScale(column))
            .addToSchema(Schema.create(Schema.Type.BYTES));
      case VARCHAR:
        return Schema.create(Schema.Type.STRING);
      case DATE:
        return LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
      case TIME:
        return LogicalTypes.timeMillis().addToSchema(Schema.create(Schema.Type.INT));
      case TIMESTAMP:
        return LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
      default:
        throw new IllegalStateException("Unhandled column type " + column.type());
    }
  }

  static int decimalScale(Column column) {
    return Math.max(column.scale(), 0);
  }

  static int decimalPrecision(Column column) {
    int precision = column.precision() > 0 ? column.precision() : DEFAULT_DECIMAL_PRECISION;
    return Math.max(precision, decimalScale(column));
  }
}
