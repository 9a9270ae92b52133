package io.sluice.sql.function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sluice.error.SluiceErrors;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.commons.lang3.StringUtils;

/**
 * The runtime of Sluice's Flink-compatible string functions, called by the generated expression
 * code. Any NULL argument gives NULL, as in Flink.
 */
public final class StringFunctions {
  // The regular expression is nearly always a literal: compile it once, not once per row.
  private static final Cache<String, Pattern> PATTERNS =
      Caffeine.newBuilder().maximumSize(1_000).build();

  private StringFunctions() {}

  /** {@code REGEXP_EXTRACT(text, regex)}: the first match of {@code regex}, or NULL. */
  public static String regexpExtract(String text, String regex) {
    return regexpExtract(text, regex, 0L);
  }

  /**
   * {@code REGEXP_EXTRACT(text, regex, group)}: group {@code group} of the first match (0 is the
   * whole match); NULL if nothing matches, the group does not exist or did not take part.
   */
  public static String regexpExtract(String text, String regex, Long group) {
    if (text == null || regex == null || group == null) {
      return null;
    }
    Matcher matcher =
        PATTERNS.get(regex, pattern -> compile(pattern, "REGEXP_EXTRACT")).matcher(text);
    if (!matcher.find() || group < 0 || group > matcher.groupCount()) {
      return null;
    }
    return matcher.group(group.intValue());
  }

  /**
   * {@code SPLIT_INDEX(text, separator, index)}: the {@code index}-th (from 0) piece of {@code
   * text} split at every {@code separator}, empty pieces included; NULL past the last.
   */
  public static String splitIndex(String text, String separator, Long index) {
    if (text == null || separator == null || index == null || index < 0) {
      return null;
    }
    // The same splitter as Flink's, so edge cases (empty text, empty separator) agree with it.
    String[] pieces = StringUtils.splitByWholeSeparatorPreserveAllTokens(text, separator);
    return index < pieces.length ? pieces[index.intValue()] : null;
  }

  /**
   * {@code REGEXP_REPLACE(text, regex, replacement)}: every match of {@code regex} replaced by
   * {@code replacement}, taken literally ({@code $1} is those two characters), as Flink's.
   */
  public static String regexpReplace(String text, String regex, String replacement) {
    if (text == null || regex == null || replacement == null) {
      return null;
    }
    return PATTERNS
        .get(regex, pattern -> compile(pattern, "REGEXP_REPLACE"))
        .matcher(text)
        .replaceAll(Matcher.quoteReplacement(replacement));
  }

  /**
   * {@code LOCATE(part, text)}: where {@code part} first starts in {@code text}, from 1; 0 when it
   * does not occur.
   */
  public static Long locate(String part, String text) {
    return locate(part, text, 1L);
  }

  /**
   * {@code LOCATE(part, text, from)}: where {@code part} first starts in {@code text} at or after
   * position {@code from} (from 1); 0 when it does not, or {@code from} is below 1.
   */
  public static Long locate(String part, String text, Long from) {
    if (part == null || text == null || from == null) {
      return null;
    }
    if (from < 1 || from > Integer.MAX_VALUE) {
      return 0L;
    }
    return (long) text.indexOf(part, (int) (from - 1)) + 1;
  }

  /**
   * {@code CONCAT_WS(separator, text, …)}: the texts that are not NULL, joined by {@code
   * separator}; NULL when the separator is.
   */
  public static String concatWs(String separator, String... texts) {
    if (separator == null) {
      return null;
    }
    StringJoiner joined = new StringJoiner(separator);
    for (String text : texts) {
      if (text != null) {
        joined.add(text);
      }
    }
    return joined.toString();
  }

  /**
   * {@code LPAD(text, length, pad)}: {@code text} cut to {@code length} characters, or preceded by
   * {@code pad} repeated up to it; NULL for a negative length or an empty pad, as Flink's.
   */
  public static String lpad(String text, Long length, String pad) {
    return pad(text, length, pad, true);
  }

  /** {@code RPAD(text, length, pad)}: as {@link #lpad}, the padding after the text. */
  public static String rpad(String text, Long length, String pad) {
    return pad(text, length, pad, false);
  }

  private static String pad(String text, Long length, String pad, boolean left) {
    if (text == null || length == null || pad == null || length < 0 || pad.isEmpty()) {
      return null;
    }
    int target = (int) Math.min(length, Integer.MAX_VALUE);
    if (text.length() >= target) {
      return text.substring(0, target);
    }
    StringBuilder padding = new StringBuilder(target);
    while (padding.length() < target - text.length()) {
      padding.append(pad);
    }
    padding.setLength(target - text.length());
    return left ? padding + text : text + padding;
  }

  private static Pattern compile(String regex, String function) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw SluiceErrors.invalidRegex(function, regex, e.getDescription());
    }
  }
}
