package io.sluice.connector.parquet;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * One primitive field of a Parquet file a column is read from: its column descriptor, what its
 * values are ({@link ParquetValueKind}) and how a value is read as a long in Sluice's unit (epoch
 * millis for timestamps, days for dates, millis of the day for times).
 */
final class ParquetField {
  private static final long MILLIS_PER_DAY = 86_400_000L;
  // Julian day number of 1970-01-01, for int96 timestamps
  private static final long JULIAN_EPOCH_DAY = 2_440_588L;

  private final PrimitiveType type;
  private final ColumnDescriptor descriptor;
  private final ParquetValueKind kind;
  // a file value divided by this (rounding down) is in Sluice's unit
  private final long divisor;
  private final int decimalScale;
  private final boolean unsigned;

  private ParquetField(
      PrimitiveType type,
      ColumnDescriptor descriptor,
      ParquetValueKind kind,
      long divisor,
      int decimalScale) {
    this.type = requireNonNull(type, "type is null");
    this.descriptor = requireNonNull(descriptor, "descriptor is null");
    this.kind = requireNonNull(kind, "kind is null");
    this.divisor = divisor;
    this.decimalScale = decimalScale;
    this.unsigned =
        type.getLogicalTypeAnnotation()
                instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation integer
            && !integer.isSigned();
  }

  /**
   * The field {@code type} of a flat schema, read through {@code descriptor}.
   *
   * @throws ParquetSchemaException naming {@code column} when Sluice has no column type for it
   *     (nested or repeated fields, binary data, intervals, UUIDs)
   */
  static ParquetField of(Type type, ColumnDescriptor descriptor, String column)
      throws ParquetSchemaException {
    if (!type.isPrimitive()) {
      LogicalTypeAnnotation group = type.getLogicalTypeAnnotation();
      throw new ParquetSchemaException(
          "column '"
              + column
              + "' is a group"
              + (group == null ? "" : " (" + group + ")")
              + " in the file, which Sluice cannot read");
    }
    if (type.isRepetition(Type.Repetition.REPEATED)) {
      throw new ParquetSchemaException(
          "column '" + column + "' is a repeated field in the file, which Sluice cannot read");
    }
    PrimitiveType primitive = type.asPrimitiveType();
    LogicalTypeAnnotation logical = primitive.getLogicalTypeAnnotation();
    if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
      return new ParquetField(
          primitive, descriptor, ParquetValueKind.DECIMAL, 1, decimal.getScale());
    }
    switch (primitive.getPrimitiveTypeName()) {
      case BOOLEAN:
        return new ParquetField(primitive, descriptor, ParquetValueKind.BOOLEAN, 1, 0);
      case INT32:
        if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          return new ParquetField(primitive, descriptor, ParquetValueKind.DATE, 1, 0);
        }
        if (logical instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation) {
          return new ParquetField(primitive, descriptor, ParquetValueKind.TIME, 1, 0);
        }
        return new ParquetField(primitive, descriptor, ParquetValueKind.INTEGRAL, 1, 0);
      case INT64:
        if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation timestamp) {
          return new ParquetField(
              primitive, descriptor, ParquetValueKind.TIMESTAMP, perMilli(timestamp.getUnit()), 0);
        }
        if (logical instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation time) {
          return new ParquetField(
              primitive, descriptor, ParquetValueKind.TIME, perMilli(time.getUnit()), 0);
        }
        return new ParquetField(primitive, descriptor, ParquetValueKind.INTEGRAL, 1, 0);
      case INT96:
        // Impala's and old Spark's timestamps: nanos of the day, then the Julian day
        return new ParquetField(primitive, descriptor, ParquetValueKind.TIMESTAMP, 1, 0);
      case FLOAT:
      case DOUBLE:
        return new ParquetField(primitive, descriptor, ParquetValueKind.FLOATING, 1, 0);
      case BINARY:
        if (logical == null
            || logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
            || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
            || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
          return new ParquetField(primitive, descriptor, ParquetValueKind.TEXT, 1, 0);
        }
        break;
      default:
        break;
    }
    throw new ParquetSchemaException(
        "column '"
            + column
            + "' is "
            + describe(primitive)
            + " in the file, which Sluice cannot read");
  }

  private static long perMilli(LogicalTypeAnnotation.TimeUnit unit) {
    switch (unit) {
      case MICROS:
        return 1_000L;
      case NANOS:
        return 1_000_000L;
      default:
        return 1L;
    }
  }

  /** The physical type and its annotation, e.g. {@code INT64 TIMESTAMP(MICROS,true)}. */
  static String describe(PrimitiveType type) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    return type.getPrimitiveTypeName() + (logical == null ? "" : " " + logical);
  }

  String describe() {
    return describe(type);
  }

  PrimitiveType type() {
    return type;
  }

  ColumnDescriptor descriptor() {
    return descriptor;
  }

  ParquetValueKind kind() {
    return kind;
  }

  /** Whether the field may hold NULLs (it is optional). */
  boolean optional() {
    return descriptor.getMaxDefinitionLevel() > 0;
  }

  /** Whether the values are 32-bit integers as they are, read by {@code getInteger()}. */
  boolean isPlainInt() {
    return type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT32 && !unsigned;
  }

  /** Whether the values are 64-bit integers in Sluice's unit, read by {@code getLong()}. */
  boolean isPlainLong() {
    return type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT64 && divisor == 1;
  }

  /** The current value of an integral or temporal field, in Sluice's unit. */
  long readLong(ColumnReader reader) {
    switch (type.getPrimitiveTypeName()) {
      case INT32:
        int value = reader.getInteger();
        return unsigned ? Integer.toUnsignedLong(value) : value;
      case INT64:
        return divisor == 1 ? reader.getLong() : Math.floorDiv(reader.getLong(), divisor);
      case INT96:
        return int96Millis(reader.getBinary());
      default:
        throw new IllegalStateException("Not an integral field: " + type);
    }
  }

  private static long int96Millis(Binary binary) {
    ByteBuffer bytes = binary.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    long nanosOfDay = bytes.getLong(bytes.position());
    long julianDay = Integer.toUnsignedLong(bytes.getInt(bytes.position() + 8));
    return (julianDay - JULIAN_EPOCH_DAY) * MILLIS_PER_DAY + Math.floorDiv(nanosOfDay, 1_000_000L);
  }

  /** The current value of a decimal field. */
  BigDecimal readDecimal(ColumnReader reader) {
    switch (type.getPrimitiveTypeName()) {
      case INT32:
        return BigDecimal.valueOf(reader.getInteger(), decimalScale);
      case INT64:
        return BigDecimal.valueOf(reader.getLong(), decimalScale);
      default:
        return new BigDecimal(new BigInteger(reader.getBinary().getBytes()), decimalScale);
    }
  }

  /** The current value of a floating-point field. */
  double readDouble(ColumnReader reader) {
    return type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.FLOAT
        ? reader.getFloat()
        : reader.getDouble();
  }
}
