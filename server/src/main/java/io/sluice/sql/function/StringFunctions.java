package io.sluice.sql.function;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.sluice.error.SluiceErrors;
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
  private static final LoadingCache<String, Pattern> PATTERNS =
      Caffeine.newBuilder().maximumSize(1_000).build(StringFunctions::compile);

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
    Matcher matcher = PATTERNS.get(regex).matcher(text);
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

  private static Pattern compile(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw SluiceErrors.invalidRegex("REGEXP_EXTRACT", regex, e.getDescription());
    }
  }
}
