package io.sluice.exec.codegen;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.linq4j.function.Strict;

/**
 * The constant sets of long {@code IN} lists, which generated code looks values up in (see {@link
 * InListRewriter}): one hash lookup per row instead of a chain of comparisons whose code grows with
 * the list. A set is registered under a name derived from its content, so the same list in many
 * queries is held once and a compiled kernel finds its set by the name in its code.
 */
public final class InLists {
  private static final Map<String, Set<?>> SETS = new ConcurrentHashMap<>();

  private InLists() {}

  /** Registers {@code values} and returns the name generated code looks them up by. */
  static String register(String kind, Set<?> values) {
    requireNonNull(values, "values is null");
    String name = kind + "-" + digest(kind, values);
    SETS.putIfAbsent(name, Set.copyOf(values));
    return name;
  }

  private static String digest(String kind, Set<?> values) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(kind.getBytes(StandardCharsets.UTF_8));
      values.stream()
          .map(String::valueOf)
          .sorted()
          .forEach(v -> sha.update((v + "\u0000").getBytes(StandardCharsets.UTF_8)));
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static Set<?> set(String name) {
    Set<?> set = SETS.get(name);
    if (set == null) {
      throw new IllegalStateException("No IN list registered as " + name);
    }
    return set;
  }

  /** Whether integer {@code value} is in set {@code name}; null for a null value. */
  @Strict
  public static boolean containsLong(long value, String name) {
    return set(name).contains(value);
  }

  /** Whether {@code value} is in set {@code name}; null for a null value. */
  @Strict
  public static boolean containsDouble(double value, String name) {
    // -0.0 equals 0.0 in SQL; the set holds 0.0
    return set(name).contains(value == 0 ? 0.0 : value);
  }

  /** Whether decimal {@code value} is in set {@code name}, whatever its scale. */
  @Strict
  public static boolean containsDecimal(BigDecimal value, String name) {
    return set(name).contains(normalize(value));
  }

  /** Whether string {@code value} is in set {@code name}. */
  @Strict
  public static boolean containsString(String value, String name) {
    return set(name).contains(value);
  }

  /** A decimal as the sets hold it: equal values, one representation. */
  static BigDecimal normalize(BigDecimal value) {
    return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
  }
}
