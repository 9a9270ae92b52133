package io.sluice.sql.function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sluice.error.SluiceErrors;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.calcite.util.Static;
import org.apache.commons.lang3.StringUtils;

/**
 * The runtime of Sluice's Flink-compatible string functions, called by the generated expression
 * code. Any NULL argument gives NULL, as in Flink.
 */
public final class StringFunctions {
  private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

  // The regular expression is nearly always a literal: compile it once, not once per row.
  private static final Cache<String, Pattern> PATTERNS =
      Caffeine.newBuilder().maximumSize(1_000).build();

  private StringFunctions() {}

  /**
   * {@code CHAR_LENGTH(text)}: its number of characters as Flink counts them, code points (an emoji
   * is one, not the two halves of a surrogate pair).
   */
  public static Integer charLength(String text) {
    return text == null ? null : text.codePointCount(0, text.length());
  }

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
    int characters = text.codePointCount(0, text.length());
    int start =
        from - 1 > characters ? text.length() : charIndex(text, characters, (int) (from - 1));
    return (long) characterPosition(text, text.indexOf(part, start));
  }

  /**
   * {@code POSITION(part IN text)}: where {@code part} first starts in {@code text}, from 1,
   * counting characters (code points); 0 when it does not occur.
   */
  public static Integer position(String part, String text) {
    if (part == null || text == null) {
      return null;
    }
    return characterPosition(text, text.indexOf(part));
  }

  /** {@code INSTR(text, part)}: {@code POSITION(part IN text)}. */
  public static Integer instr(String text, String part) {
    return position(part, text);
  }

  /** {@code LEFT(text, n)}: the first {@code n} characters (code points); '' for n below 1. */
  public static String left(String text, Long n) {
    if (text == null || n == null) {
      return null;
    }
    int characters = text.codePointCount(0, text.length());
    return n <= 0
        ? ""
        : n >= characters ? text : text.substring(0, charIndex(text, characters, n.intValue()));
  }

  /** {@code RIGHT(text, n)}: the last {@code n} characters (code points); '' for n below 1. */
  public static String right(String text, Long n) {
    if (text == null || n == null) {
      return null;
    }
    int characters = text.codePointCount(0, text.length());
    return n <= 0
        ? ""
        : n >= characters
            ? text
            : text.substring(charIndex(text, characters, (int) (characters - n)));
  }

  /**
   * Standard {@code SUBSTRING(text FROM from)}: the characters (code points) at positions {@code
   * from} and after, positions counted from 1 (a position below 1 starts at the first).
   */
  public static String substringFrom(String text, Long from) {
    if (text == null || from == null) {
      return null;
    }
    return characters(text, Math.max(from, 1), Long.MAX_VALUE);
  }

  /**
   * Standard {@code SUBSTRING(text FROM from FOR length)}: the characters (code points) at
   * positions {@code from} to {@code from + length - 1} that exist; a negative length is an error.
   */
  public static String substringFromFor(String text, Long from, Long length) {
    if (text == null || from == null || length == null) {
      return null;
    }
    if (length < 0) {
      throw Static.RESOURCE.illegalNegativeSubstringLength().ex();
    }
    long end = from + length;
    // overflow: only a huge length past a positive start does
    if (((from ^ end) & (length ^ end)) < 0) {
      end = Long.MAX_VALUE;
    }
    return characters(text, Math.max(from, 1), end);
  }

  /** The characters at positions {@code from} (at least 1) up to before {@code end}. */
  private static String characters(String text, long from, long end) {
    int characters = text.codePointCount(0, text.length());
    long last = Math.min(end, (long) characters + 1);
    if (from >= last) {
      return "";
    }
    return text.substring(
        charIndex(text, characters, (int) (from - 1)),
        charIndex(text, characters, (int) (last - 1)));
  }

  /**
   * The char index where character (code point) {@code index} begins in {@code text}, which holds
   * {@code count} characters: without surrogate pairs (all Latin-1 text) one char per character, no
   * walk.
   */
  private static int charIndex(String text, int count, int index) {
    return count == text.length() ? index : text.offsetByCodePoints(0, index);
  }

  /** The position from 1 in characters (code points) of the char index {@code index}; 0 for -1. */
  private static int characterPosition(String text, int index) {
    return index < 0 ? 0 : text.codePointCount(0, index) + 1;
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
    // lengths count characters (code points), as Flink's
    int target = (int) Math.min(length, Integer.MAX_VALUE);
    int characters = text.codePointCount(0, text.length());
    if (characters >= target) {
      return text.substring(0, charIndex(text, characters, target));
    }
    int missing = target - characters;
    int padCharacters = pad.codePointCount(0, pad.length());
    String padding =
        pad.repeat(missing / padCharacters)
            + pad.substring(0, charIndex(pad, padCharacters, missing % padCharacters));
    return left ? padding + text : text + padding;
  }

  /**
   * {@code REGEXP(text, regex)}: whether some part of {@code text} (possibly an empty one) matches
   * {@code regex}; FALSE for an empty {@code regex}, as Flink's.
   */
  public static Boolean regexp(String text, String regex) {
    if (text == null || regex == null) {
      return null;
    }
    return !regex.isEmpty()
        && PATTERNS.get(regex, pattern -> compile(pattern, "REGEXP")).matcher(text).find();
  }

  /** {@code SUBSTR(text, from)}: see {@link #substr(String, Long, Long)}. */
  public static String substr(String text, Long from) {
    return substr(text, from, (long) Integer.MAX_VALUE);
  }

  /**
   * {@code SUBSTR(text, from, length)}, as Flink's: up to {@code length} characters from position
   * {@code from} (from 1; 0 is 1 too; a negative one counts from the end, {@code -1} the last
   * character); '' from past the end; NULL for a negative {@code length}.
   */
  public static String substr(String text, Long from, Long length) {
    if (text == null || from == null || length == null || length < 0) {
      return null;
    }
    // positions count characters as Flink's do (code points: a character outside the BMP is one,
    // not two halves of a surrogate pair)
    int characters = text.codePointCount(0, text.length());
    long start = from > 0 ? from - 1 : from < 0 ? characters + from : 0;
    if (start < 0 || start >= characters) {
      return "";
    }
    // the length clamped first: start + a huge length overflows
    long end = start + Math.min(length, characters - start);
    return text.substring(
        charIndex(text, characters, (int) start), charIndex(text, characters, (int) end));
  }

  /**
   * {@code CHR(code)}: the character of {@code code}'s lowest 8 bits ({@code CHR(353)} is 'a', as
   * Flink's); '' for a negative {@code code}.
   */
  public static String chr(Long code) {
    if (code == null) {
      return null;
    }
    return code < 0 ? "" : String.valueOf((char) (code & 0xFF));
  }

  /**
   * {@code HEX(integer | text)}: an integer in upper-case hexadecimal (a negative one as its 64-bit
   * two's complement), or the hexadecimal of a text's UTF-8 bytes.
   */
  public static String hex(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof String text) {
      return UPPER_HEX.formatHex(text.getBytes(StandardCharsets.UTF_8));
    }
    return Long.toHexString(((Number) value).longValue()).toUpperCase(Locale.ROOT);
  }

  /**
   * {@code BIN(integer)}: the integer in binary (a negative one as its 64-bit two's complement).
   */
  public static String bin(Long value) {
    return value == null ? null : Long.toBinaryString(value);
  }

  /** {@code TO_BASE64(text)}: the base64 of the text's UTF-8 bytes, on one line. */
  public static String toBase64(String text) {
    return text == null
        ? null
        : Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@code FROM_BASE64(text)}: the text whose UTF-8 bytes {@code text} encodes in base64; text that
   * is not base64 fails the query naming it, as it fails Flink's job.
   */
  public static String fromBase64(String text) {
    if (text == null) {
      return null;
    }
    try {
      return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // a long text is cut in the message: the reason is in its first bytes or in e's message
      String shown = text.length() > 60 ? text.substring(0, 60) + "…" : text;
      throw SluiceErrors.invalidFunctionArgument(
          "FROM_BASE64", "'" + shown + "'", "not base64 (" + e.getMessage() + ")");
    }
  }

  /** {@code UUID()}: a random (version 4) UUID as text, another one each call. */
  public static String uuid() {
    return UUID.randomUUID().toString();
  }

  private static Pattern compile(String regex, String function) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw SluiceErrors.invalidRegex(function, regex, e.getDescription());
    }
  }
}
