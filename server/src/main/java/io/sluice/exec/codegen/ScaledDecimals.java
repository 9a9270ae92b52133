package io.sluice.exec.codegen;

import java.math.BigDecimal;
import org.apache.calcite.linq4j.function.Strict;

/**
 * DECIMAL arithmetic between an integer and a DECIMAL constant, computed on the constant's unscaled
 * long: one small {@link BigDecimal} per result instead of converting the integer, multiplying and
 * allocating along the way. Each returns exactly what {@link BigDecimal}'s own arithmetic would
 * (same unscaled value, same scale), falling back to it when a long overflows. Generated code calls
 * these for what {@link ScaledDecimalRewriter} rewrites.
 */
public final class ScaledDecimals {
  private static final long[] POWERS_OF_TEN = powersOfTen();

  private ScaledDecimals() {}

  private static long[] powersOfTen() {
    long[] powers = new long[19];
    powers[0] = 1;
    for (int i = 1; i < powers.length; i++) {
      powers[i] = powers[i - 1] * 10;
    }
    return powers;
  }

  /** Powers of ten a long holds: 10^0 .. 10^18. */
  static boolean isScaleSupported(int scale) {
    return scale >= 0 && scale < POWERS_OF_TEN.length;
  }

  /** {@code value × (unscaled × 10^-scale)}. */
  @Strict
  public static BigDecimal multiply(long value, long unscaled, int scale) {
    long high = Math.multiplyHigh(value, unscaled);
    long low = value * unscaled;
    if (high == (low >> 63)) {
      return BigDecimal.valueOf(low, scale);
    }
    return BigDecimal.valueOf(value).multiply(BigDecimal.valueOf(unscaled, scale));
  }

  /** {@code value + unscaled × 10^-scale}. */
  @Strict
  public static BigDecimal add(long value, long unscaled, int scale) {
    long power = POWERS_OF_TEN[scale];
    long high = Math.multiplyHigh(value, power);
    long shifted = value * power;
    long sum = shifted + unscaled;
    // the shift fits a long, and adding did not overflow (operands' signs differ or match sum's)
    if (high == (shifted >> 63) && ((shifted ^ sum) & (unscaled ^ sum)) >= 0) {
      return BigDecimal.valueOf(sum, scale);
    }
    return BigDecimal.valueOf(value).add(BigDecimal.valueOf(unscaled, scale));
  }

  /** {@code value - unscaled × 10^-scale}. */
  @Strict
  public static BigDecimal subtract(long value, long unscaled, int scale) {
    if (unscaled == Long.MIN_VALUE) {
      return BigDecimal.valueOf(value).subtract(BigDecimal.valueOf(unscaled, scale));
    }
    return add(value, -unscaled, scale);
  }

  /** {@code unscaled × 10^-scale - value}. */
  @Strict
  public static BigDecimal subtractFrom(long value, long unscaled, int scale) {
    if (value == Long.MIN_VALUE) {
      return BigDecimal.valueOf(unscaled, scale).subtract(BigDecimal.valueOf(value));
    }
    return add(-value, unscaled, scale);
  }
}
