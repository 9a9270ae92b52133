package io.sluice.connector.parquet;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Which fields of one Parquet file the read columns come from, and how each decodes. A column
 * matches the field of its name (exactly, else ignoring case, else by the name the files sink gives
 * a column Avro cannot spell, e.g. {@code EXPR_1}); a nullable column without a field is NULL, a
 * NOT NULL one makes the file unreadable. The requested schema holds only the matched fields, so
 * the other column chunks are neither read nor decompressed.
 */
final class ParquetProjection {
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private final MessageType requestedSchema;
  // by declared position, so a row's first error is its first column's
  private final List<ColumnDecoder> decoders;
  // the same in the file's order, for a bad row's raw form
  private final List<ColumnDecoder> fileOrder;
  private final int[] unfilledColumns;

  private ParquetProjection(
      MessageType requestedSchema, List<ColumnDecoder> fileOrder, int columnCount) {
    this.requestedSchema = requireNonNull(requestedSchema, "requestedSchema is null");
    this.fileOrder = List.copyOf(fileOrder);
    List<ColumnDecoder> declared = new ArrayList<>(fileOrder);
    declared.sort(Comparator.comparingInt(ColumnDecoder::column));
    this.decoders = List.copyOf(declared);
    boolean[] filled = new boolean[columnCount];
    for (ColumnDecoder decoder : decoders) {
      filled[decoder.column()] = true;
    }
    List<Integer> unfilled = new ArrayList<>();
    for (int c = 0; c < columnCount; c++) {
      if (!filled[c]) {
        unfilled.add(c);
      }
    }
    this.unfilledColumns = unfilled.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The projection of {@code fileSchema} onto the {@code projection} (declared positions) of {@code
   * columns}.
   *
   * @throws ParquetSchemaException naming the column, when a NOT NULL column has no field or a
   *     field's type does not convert to its column's
   */
  static ParquetProjection of(
      MessageType fileSchema, List<Column> columns, List<Integer> projection)
      throws ParquetSchemaException {
    List<String> sinkNames = AvroSchemas.fieldNames(columns);
    List<Type> fields = fileSchema.getFields();
    // per field of the file, the decoder of the column read from it (null: not read)
    ColumnDecoder[] byField = new ColumnDecoder[fields.size()];
    for (int c : projection) {
      Column column = columns.get(c);
      int field = find(fileSchema, column.name());
      if (field < 0) {
        field = find(fileSchema, sinkNames.get(c));
      }
      if (field < 0) {
        if (!column.nullable()) {
          throw new ParquetSchemaException(
              "the file has no column '" + column.name() + "', which is declared NOT NULL");
        }
        continue;
      }
      if (byField[field] != null) {
        // two declared columns of one field, e.g. "Id" and "id": the second reads it too
        throw new ParquetSchemaException(
            "columns '"
                + columns.get(byField[field].column()).name()
                + "' and '"
                + column.name()
                + "' both match the file's column '"
                + fields.get(field).getName()
                + "'");
      }
      Type type = fields.get(field);
      ParquetField parquetField =
          ParquetField.of(
              type,
              type.isPrimitive()
                  ? fileSchema.getColumnDescription(new String[] {type.getName()})
                  : null,
              column.name());
      byField[field] = decoder(c, column, parquetField);
    }
    List<Type> requested = new ArrayList<>();
    List<ColumnDecoder> fileOrder = new ArrayList<>();
    for (int f = 0; f < fields.size(); f++) {
      if (byField[f] != null) {
        requested.add(fields.get(f));
        fileOrder.add(byField[f]);
      }
    }
    return new ParquetProjection(
        new MessageType(fileSchema.getName(), requested), fileOrder, columns.size());
  }

  private static int find(MessageType schema, String name) {
    if (schema.containsField(name)) {
      return schema.getFieldIndex(name);
    }
    List<Type> fields = schema.getFields();
    for (int f = 0; f < fields.size(); f++) {
      if (fields.get(f).getName().equalsIgnoreCase(name)) {
        return f;
      }
    }
    return -1;
  }

  /**
   * The decoder of {@code field}'s values into {@code column}: a direct one where the value needs
   * no conversion or one that cannot fail but for range, a converting one where it can fail per
   * value (text parsed, decimals rescaled).
   *
   * @throws ParquetSchemaException when no value of the field converts to the column's type
   */
  private static ColumnDecoder decoder(int index, Column column, ParquetField field)
      throws ParquetSchemaException {
    ColumnType type = column.type();
    switch (field.kind()) {
      case BOOLEAN:
        if (type == ColumnType.BOOLEAN) {
          return new BooleanColumnDecoder(index, column, field);
        }
        if (type == ColumnType.VARCHAR) {
          return new ConvertingColumnDecoder(index, column, field);
        }
        break;
      case INTEGRAL:
        switch (type) {
          case TINYINT:
            return longs(index, column, field, 1, 1, Byte.MIN_VALUE, Byte.MAX_VALUE);
          case SMALLINT:
            return longs(index, column, field, 1, 1, Short.MIN_VALUE, Short.MAX_VALUE);
          case INTEGER:
            return longs(index, column, field, 1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE);
          case BIGINT:
          case TIMESTAMP:
            // a number in a TIMESTAMP column is epoch millis, as in JSON
            return longs(index, column, field, 1, 1, Long.MIN_VALUE, Long.MAX_VALUE);
          case REAL:
          case DOUBLE:
            return new DoubleColumnDecoder(index, column, field);
          case DECIMAL:
          case VARCHAR:
            return new ConvertingColumnDecoder(index, column, field);
          default:
            break;
        }
        break;
      case FLOATING:
        if (type == ColumnType.REAL || type == ColumnType.DOUBLE) {
          return new DoubleColumnDecoder(index, column, field);
        }
        if (type != ColumnType.BOOLEAN && type != ColumnType.DATE && type != ColumnType.TIME) {
          return new ConvertingColumnDecoder(index, column, field);
        }
        break;
      case DECIMAL:
        if (type != ColumnType.BOOLEAN && type != ColumnType.DATE && type != ColumnType.TIME) {
          return new ConvertingColumnDecoder(index, column, field);
        }
        break;
      case TEXT:
        return type == ColumnType.VARCHAR
            ? new StringColumnDecoder(index, column, field)
            : new ConvertingColumnDecoder(index, column, field);
      case TIMESTAMP:
        if (type == ColumnType.TIMESTAMP) {
          return longs(index, column, field, 1, 1, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        if (type == ColumnType.DATE) {
          return longs(index, column, field, 1, MILLIS_PER_DAY, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        if (type == ColumnType.VARCHAR) {
          return new ConvertingColumnDecoder(index, column, field);
        }
        break;
      case DATE:
        if (type == ColumnType.DATE) {
          return longs(index, column, field, 1, 1, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        if (type == ColumnType.TIMESTAMP) {
          return longs(index, column, field, MILLIS_PER_DAY, 1, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        if (type == ColumnType.VARCHAR) {
          return new ConvertingColumnDecoder(index, column, field);
        }
        break;
      case TIME:
        if (type == ColumnType.TIME) {
          return longs(index, column, field, 1, 1, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        if (type == ColumnType.VARCHAR) {
          return new ConvertingColumnDecoder(index, column, field);
        }
        break;
      default:
        break;
    }
    throw new ParquetSchemaException(
        "column '"
            + column.name()
            + "' is "
            + field.describe()
            + " in the file, which does not convert to "
            + type);
  }

  private static ColumnDecoder longs(
      int index,
      Column column,
      ParquetField field,
      long multiplier,
      long divisor,
      long min,
      long max) {
    return new LongColumnDecoder(index, column, field, multiplier, divisor, min, max);
  }

  /** The file's fields that are read, in its order. */
  MessageType requestedSchema() {
    return requestedSchema;
  }

  /** The decoders by declared position of their columns. */
  List<ColumnDecoder> decoders() {
    return decoders;
  }

  /** The decoders in the file's order of their fields. */
  List<ColumnDecoder> fileOrder() {
    return fileOrder;
  }

  /** Declared positions of the columns no field fills (not read, or missing in the file). */
  int[] unfilledColumns() {
    return unfilledColumns.clone();
  }

  /** The read store's converter of a record of {@link #requestedSchema}: the decoders. */
  GroupConverter converter() {
    return new GroupConverter() {
      @Override
      public Converter getConverter(int fieldIndex) {
        return fileOrder.get(fieldIndex);
      }

      @Override
      public void start() {}

      @Override
      public void end() {}
    };
  }
}
