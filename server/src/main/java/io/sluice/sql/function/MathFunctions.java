package io.sluice.sql.function;

/**
 * The runtime of Sluice's Flink-compatible logarithms, called by the generated expression code. Any
 * NULL argument gives NULL. As Flink's, they are Java's {@link Math#log}: the logarithm of 0 is
 * -Infinity and of a negative number NaN, where Calcite's LN and LOG10 fail the query.
 */
public final class MathFunctions {
  private MathFunctions() {}

  /** {@code LOG(x)}: the natural logarithm of {@code x}. */
  public static Double log(Double x) {
    return ln(x);
  }

  /** {@code LN(x)}: the natural logarithm of {@code x}. */
  public static Double ln(Double x) {
    return x == null ? null : Math.log(x);
  }

  /** {@code LOG(base, x)}: the logarithm of {@code x} to {@code base} (Flink's order). */
  public static Double log(Double base, Double x) {
    // Flink's formula, so results agree with it to the last bit
    return base == null || x == null ? null : Math.log(x) / Math.log(base);
  }

  /** {@code LOG2(x)}: the logarithm of {@code x} to base 2. */
  public static Double log2(Double x) {
    return x == null ? null : Math.log(x) / Math.log(2);
  }

  /** {@code LOG10(x)}: the logarithm of {@code x} to base 10. */
  public static Double log10(Double x) {
    return x == null ? null : Math.log10(x);
  }
}
