package io.sluice.exec.codegen;

import io.sluice.spi.batch.DoubleVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.batch.ObjectVector;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Static writes generated code calls to store an expression's value; small enough to inline. */
public final class VectorWriters {
  private VectorWriters() {}

  public static void writeLong(LongVector out, int row, long value) {
    out.set(row, value);
  }

  public static void writeNullableLong(LongVector out, int row, Number value) {
    if (value == null) {
      out.setNull(row);
    } else {
      out.set(row, value.longValue());
    }
  }

  public static void writeBoolean(LongVector out, int row, boolean value) {
    out.set(row, value ? 1L : 0L);
  }

  public static void writeNullableBoolean(LongVector out, int row, Boolean value) {
    if (value == null) {
      out.setNull(row);
    } else {
      out.set(row, value ? 1L : 0L);
    }
  }

  public static void writeDouble(DoubleVector out, int row, double value) {
    out.set(row, value);
  }

  public static void writeNullableDouble(DoubleVector out, int row, Number value) {
    if (value == null) {
      out.setNull(row);
    } else {
      out.set(row, value.doubleValue());
    }
  }

  public static void writeObject(ObjectVector out, int row, Object value) {
    out.set(row, value);
  }

  /**
   * Stores a DECIMAL with exactly its type's scale: Calcite's generated code may compute more
   * digits (e.g. a division), which are cut off the way Calcite's type system rounds (DOWN).
   */
  public static void writeDecimal(ObjectVector out, int row, BigDecimal value, int scale) {
    if (value == null || value.scale() == scale) {
      out.set(row, value);
    } else {
      out.set(row, value.setScale(scale, RoundingMode.DOWN));
    }
  }
}
