package io.sluice.exec.codegen;

import org.apache.calcite.linq4j.tree.Primitive;

/**
 * Checked conversions between integer types for generated code, e.g. the {@code long} that {@code
 * MOD(bigint, 123)} computes to its INTEGER type. Calcite writes them as {@link
 * Primitive#numberValueRoundDown}, which boxes the value and looks the type up per row; these
 * compare ranges on primitives, and leave a value out of range to Calcite's own conversion so the
 * error is the same. {@link IntegerNarrowingRewriter} puts them in.
 */
public final class IntegerNarrowing {
  private IntegerNarrowing() {}

  public static long toLong(long value) {
    return value;
  }

  public static int toInt(long value) {
    if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
      return (int) value;
    }
    return ((Number) Primitive.INT.numberValueRoundDown(value)).intValue();
  }

  public static short toShort(long value) {
    if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
      return (short) value;
    }
    return ((Number) Primitive.SHORT.numberValueRoundDown(value)).shortValue();
  }

  public static byte toByte(long value) {
    if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
      return (byte) value;
    }
    return ((Number) Primitive.BYTE.numberValueRoundDown(value)).byteValue();
  }
}
