package io.sluice.connector.format;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.connector.BadRecordException;
import io.sluice.spi.format.RowDecoder;
import io.sluice.spi.format.Utf8;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Decodes one CSV line: fields map to columns by position and the record must have exactly one
 * field per column. An empty (or all-blank) field is NULL, except in a VARCHAR column where it is
 * taken verbatim (so empty is {@code ''}). Options: {@code csv.delimiter} (default {@code ,};
 * {@code \t} means tab) and {@code csv.quote} (default {@code "}).
 *
 * <p>A record is one line: a quoted field cannot span lines.
 */
public final class CsvRowDecoder implements RowDecoder {
  public static final String DELIMITER_OPTION = "csv.delimiter";
  public static final String QUOTE_OPTION = "csv.quote";

  private static final long BELOW_CR_WORD = ByteWords.broadcast('\r' + 1);

  private final FieldWriter[] writers;
  private final char delimiter;
  private final char quote;
  private final CSVFormat format;
  // whether delimiter and quote are single bytes in UTF-8, so lines can be split as bytes
  private final boolean asciiSyntax;
  // the delimiter and the quote in every byte of a long, for the eight-bytes-at-a-time split
  private final long delimiterWord;
  private final long quoteWord;
  // a word none of whose bytes is below this one's holds no delimiter, quote or line break: one
  // cheap test that lets most words of a line pass (see ByteWords.bytesBelow)
  private final long passWord;

  public CsvRowDecoder(List<Column> columns, Map<String, String> options) {
    this(columns, options, null);
  }

  /**
   * A decoder of {@code columns}, materialising only those in {@code read} (declared positions;
   * null for all): the others are still checked, so whether a record is bad does not depend on the
   * query.
   */
  public CsvRowDecoder(List<Column> columns, Map<String, String> options, Set<Integer> read) {
    requireNonNull(columns, "columns is null");
    requireNonNull(options, "options is null");
    this.writers = new FieldWriter[columns.size()];
    for (int i = 0; i < writers.length; i++) {
      writers[i] = new FieldWriter(i, columns.get(i), read == null || read.contains(i));
    }
    this.delimiter = singleChar(options, DELIMITER_OPTION, ',');
    this.quote = singleChar(options, QUOTE_OPTION, '"');
    if (delimiter == quote) {
      throw new IllegalArgumentException(
          "Options '" + DELIMITER_OPTION + "' and '" + QUOTE_OPTION + "' must differ");
    }
    this.format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setQuote(quote).get();
    this.asciiSyntax = delimiter < 128 && quote < 128;
    this.delimiterWord = ByteWords.broadcast(delimiter);
    this.quoteWord = ByteWords.broadcast(quote);
    // Below 0x30 (',' and '"', tab): digits and letters pass. Above (';', '|'), most bytes would
    // not, and the high bits send every ASCII word to the full test at once.
    int special = Math.max(Math.max(delimiter, quote), '\r') + 1;
    this.passWord = special <= '0' ? ByteWords.broadcast(special) : ByteWords.HIGH_BITS;
  }

  @Override
  public void decode(byte[] bytes, int offset, int length, BatchBuilder out)
      throws BadRecordException {
    if (!asciiSyntax || !decodePlain(bytes, offset, length, out)) {
      // quoted fields, a wrong number of fields, a bad value: read from the line's text, so a
      // record decodes (or fails, with the same message) exactly as it always did
      decode(Utf8.decode(bytes, offset, length), out);
    }
  }

  /**
   * Splits an unquoted line as bytes in one pass, eight bytes at a time, writing each field; false,
   * having written some columns perhaps, when the line needs the general path: it has a quote, a
   * line break or the wrong number of fields, or a value fails. The same pass notes whether a field
   * is all ASCII, so its text needs no UTF-8 check.
   */
  private boolean decodePlain(byte[] bytes, int offset, int length, BatchBuilder out) {
    return split(bytes, offset, offset + length, true, out) >= 0;
  }

  /** Finds the line's end in the pass that splits it (see {@link #split}). */
  @Override
  public int decodeLine(byte[] bytes, int offset, int limit, BatchBuilder out) {
    return asciiSyntax ? split(bytes, offset, limit, false, out) : LINE_NOT_DECODED;
  }

  /**
   * Splits the unquoted line at {@code offset} into its fields and writes them. With {@code
   * endsAtLimit} the line is {@code bytes[offset, limit)}; without, it ends at the first line break
   * before {@code limit}. Answers where it ends, or {@link #LINE_NOT_DECODED}, having written some
   * columns perhaps, when it needs the general path (a quote, a line break inside, the wrong number
   * of fields, a value that fails) or no line break ends it before {@code limit}.
   */
  private int split(byte[] bytes, int offset, int limit, boolean endsAtLimit, BatchBuilder out) {
    int start = offset;
    int last = writers.length - 1;
    if (last < 0) {
      return LINE_NOT_DECODED;
    }
    try {
      for (int column = 0; column <= last; column++) {
        int stop = start;
        long highBits = 0;
        int found = -1;
        while (stop + Long.BYTES <= limit) {
          long word = ByteWords.word(bytes, stop);
          // line breaks are found among the bytes below 0x0E, with the other control bytes
          long hit =
              ByteWords.bytesBelow(word, passWord) == 0
                  ? 0
                  : ByteWords.equalOrBelow(word, delimiterWord, quoteWord, BELOW_CR_WORD);
          if (hit != 0) {
            int skipped = ByteWords.firstMarked(hit);
            highBits |= word & ((1L << (skipped * 8)) - 1);
            byte b = bytes[stop + skipped];
            if (b != delimiter && b != quote && b != '\n' && b != '\r') {
              // another control byte (a tab, say): part of the field, an ASCII byte
              stop += skipped + 1;
              continue;
            }
            stop += skipped;
            found = stop;
            break;
          }
          highBits |= word;
          stop += Long.BYTES;
        }
        if (found < 0) {
          while (stop < limit) {
            byte b = bytes[stop];
            if (b == delimiter || b == quote || b == '\n' || b == '\r') {
              break;
            }
            highBits |= b;
            stop++;
          }
        }
        boolean lineEnds;
        if (stop == limit) {
          if (!endsAtLimit) {
            return LINE_NOT_DECODED; // the line goes on past what was read
          }
          lineEnds = true;
        } else if (bytes[stop] == delimiter) {
          lineEnds = false;
        } else if (bytes[stop] == quote || endsAtLimit) {
          return LINE_NOT_DECODED; // a quote, or a line break inside the line
        } else {
          lineEnds = true;
        }
        if (lineEnds != (column == last)) {
          return LINE_NOT_DECODED; // too few or too many fields
        }
        FieldWriter writer = writers[column];
        boolean ascii = (highBits & ByteWords.HIGH_BITS) == 0;
        if (!writer.tryWriteBytes(bytes, start, stop - start, ascii, out)) {
          writeField(column, writer.text(bytes, start, stop - start), out);
        }
        if (lineEnds) {
          return stop;
        }
        start = stop + 1;
      }
      return LINE_NOT_DECODED;
    } catch (BadRecordException e) {
      return LINE_NOT_DECODED;
    }
  }

  @Override
  public void decode(String record, BatchBuilder out) throws BadRecordException {
    if (needsCsvParser(record)) {
      decodeQuoted(record, out);
      return;
    }
    // Most lines carry no quotes: splitting them in place is exactly what commons-csv would do,
    // without the parser's per-record reader, buffer and field array
    int fields = 1;
    for (int i = record.indexOf(delimiter); i >= 0; i = record.indexOf(delimiter, i + 1)) {
      fields++;
    }
    checkArity(fields);
    int start = 0;
    for (int column = 0; column < writers.length; column++) {
      int end = record.indexOf(delimiter, start);
      if (end < 0) {
        end = record.length();
      }
      writeField(column, record.substring(start, end), out);
      start = end + 1;
    }
  }

  private boolean needsCsvParser(String record) {
    for (int i = 0; i < record.length(); i++) {
      char ch = record.charAt(i);
      if (ch == quote || ch == '\n' || ch == '\r') {
        return true;
      }
    }
    return false;
  }

  private void decodeQuoted(String record, BatchBuilder out) throws BadRecordException {
    CSVRecord fields;
    try (CSVParser parser = CSVParser.parse(record, format)) {
      Iterator<CSVRecord> records = parser.iterator();
      fields = records.hasNext() ? records.next() : null;
      if (fields != null && records.hasNext()) {
        throw new BadRecordException("Expected one CSV record, got several lines");
      }
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      // commons-csv reports malformed quoting as I/O errors, wrapped when raised by its iterator
      Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
      throw new BadRecordException("Malformed CSV: " + cause.getMessage(), e);
    }
    checkArity(fields == null ? 0 : fields.size());
    for (int column = 0; column < writers.length; column++) {
      writeField(column, fields.get(column), out);
    }
  }

  private void checkArity(int fields) throws BadRecordException {
    if (fields != writers.length) {
      throw new BadRecordException("Expected " + writers.length + " fields, got " + fields);
    }
  }

  private void writeField(int column, String text, BatchBuilder out) throws BadRecordException {
    FieldWriter writer = writers[column];
    if (writer.type() != ColumnType.VARCHAR && text.isBlank()) {
      out.setNull(column);
    } else if (!writer.read() && writer.type() == ColumnType.VARCHAR) {
      out.setObject(column, FieldWriter.NOT_READ);
    } else {
      writer.writeText(text, out);
    }
  }

  /**
   * The CSV syntax {@code options} choose ({@code csv.delimiter}, {@code csv.quote}), for writers
   * of what this decoder reads.
   *
   * @throws IllegalArgumentException for an option that is not one character, or both the same
   */
  static CSVFormat syntax(Map<String, String> options) {
    return new CsvRowDecoder(List.of(), options, null).format;
  }

  private static char singleChar(Map<String, String> options, String key, char defaultValue) {
    String value = options.get(key);
    if (value == null) {
      return defaultValue;
    }
    if (value.equals("\\t")) {
      return '\t';
    }
    if (value.length() != 1) {
      throw new IllegalArgumentException(
          "Invalid value '" + value + "' for option '" + key + "': expected a single character");
    }
    return value.charAt(0);
  }
}
