package io.sluice.connector.format;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.connector.BadRecordException;
import io.sluice.spi.format.RowDecoder;
import io.sluice.spi.format.Utf8;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decodes a record holding one JSON object. Fields match columns by name, exactly first, then
 * case-insensitively; a missing field is NULL and unknown fields are ignored. A VARCHAR column
 * takes a non-string value as its JSON text; a TIMESTAMP column takes a number as epoch millis.
 */
public final class JsonRowDecoder implements RowDecoder {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Bounds the name cache when records carry ever-new field names (e.g. map-like objects). */
  private static final int MAX_CACHED_NAMES = 4096;

  static final int UNKNOWN = -1;

  private final FieldWriter[] writers;
  // each column's name as ASCII bytes (null for a name that is not ASCII), for the byte path
  private final byte[][] asciiNames;
  // the first eight bytes of each ASCII name as a little-endian word, zeros past its end
  private final long[] nameWords;
  private final Map<String, Integer> columnsByLowerName;
  // Field names as they appear in the data, resolved once: Jackson interns names, so the hot path
  // is one hash lookup with no lower-casing
  private final Map<String, Integer> resolvedNames = new ConcurrentHashMap<>();

  public JsonRowDecoder(List<Column> columns) {
    this(columns, null);
  }

  /**
   * A decoder of {@code columns}, materialising only those in {@code read} (declared positions;
   * null for all): the others are still checked, so whether a record is bad does not depend on the
   * query.
   */
  public JsonRowDecoder(List<Column> columns, Set<Integer> read) {
    requireNonNull(columns, "columns is null");
    this.writers = new FieldWriter[columns.size()];
    this.asciiNames = new byte[columns.size()][];
    this.nameWords = new long[columns.size()];
    Map<String, Integer> byLowerName = new HashMap<>();
    for (int i = 0; i < writers.length; i++) {
      Column column = columns.get(i);
      byte[] name = column.name().getBytes(StandardCharsets.UTF_8);
      asciiNames[i] = Utf8.isAscii(name, 0, name.length) ? name : null;
      for (int b = Math.min(name.length, Long.BYTES) - 1; b >= 0; b--) {
        nameWords[i] = nameWords[i] << 8 | (name[b] & 0xFF);
      }
      writers[i] = new FieldWriter(i, column, read == null || read.contains(i));
      resolvedNames.put(column.name(), i);
      byLowerName.putIfAbsent(column.name().toLowerCase(Locale.ROOT), i);
    }
    this.columnsByLowerName = Map.copyOf(byLowerName);
  }

  @Override
  public void decode(String record, BatchBuilder out) throws BadRecordException {
    JsonParser parser;
    try {
      parser = MAPPER.createParser(record);
    } catch (IOException e) {
      throw new BadRecordException("Malformed JSON: " + e.getMessage(), e);
    }
    decode(parser, out);
  }

  /**
   * Decodes a flat object of plain values straight from its bytes ({@link FlatJsonScanner});
   * anything else — nesting, escapes, malformed or bad values — is parsed by Jackson from the
   * line's text, so it decodes, or fails with the same message, exactly as it always did. Measured
   * (benchmarks/README.md, {@code DecodeCpuTime}), Jackson parses a line faster from a {@code
   * String} than from the bytes with its own byte parser, which also takes some ill-formed UTF-8
   * and counts error columns in bytes.
   */
  @Override
  public void decode(byte[] bytes, int offset, int length, BatchBuilder out)
      throws BadRecordException {
    if (!FlatJsonScanner.decode(this, bytes, offset, length, out)) {
      decode(Utf8.decode(bytes, offset, length), out);
    }
  }

  /**
   * Finds the line's end in the pass that decodes it, for a flat object alone on its line ({@link
   * FlatJsonScanner#decodeLine}); any other line is left to {@link #decode}.
   */
  @Override
  public int decodeLine(byte[] bytes, int offset, int limit, BatchBuilder out) {
    return FlatJsonScanner.decodeLine(this, bytes, offset, limit, out);
  }

  /** The writer of column {@code column}. */
  FieldWriter writer(int column) {
    return writers[column];
  }

  /**
   * The column a field name in {@code bytes[offset, offset + length)} (UTF-8, no escapes) names,
   * trying {@code guess} first (fields usually come in column order), or UNKNOWN.
   *
   * @throws BadRecordException when the name is not UTF-8
   */
  int columnOf(byte[] bytes, int offset, int length, int guess) throws BadRecordException {
    if (guess < asciiNames.length && sameName(guess, bytes, offset, length)) {
      return guess;
    }
    for (int i = 0; i < asciiNames.length; i++) {
      if (sameName(i, bytes, offset, length)) {
        return i;
      }
    }
    // another spelling of a column's name (case), a name beyond ASCII, or an unknown field
    return columnOf(Utf8.decode(bytes, offset, length));
  }

  private boolean sameName(int column, byte[] bytes, int offset, int length) {
    byte[] name = asciiNames[column];
    if (name == null || name.length != length) {
      return false;
    }
    if (length <= Long.BYTES && offset + Long.BYTES <= bytes.length) {
      // most names: one word, its bytes past the name masked off
      long lowBytes = length == Long.BYTES ? -1L : (1L << (length * 8)) - 1;
      return (ByteWords.word(bytes, offset) & lowBytes) == nameWords[column];
    }
    // names are short: a plain loop beats Arrays.equals' vectorised mismatch and its set-up
    for (int i = 0; i < length; i++) {
      if (name[i] != bytes[offset + i]) {
        return false;
      }
    }
    return true;
  }

  private void decode(JsonParser open, BatchBuilder out) throws BadRecordException {
    try (JsonParser parser = open) {
      JsonToken token = parser.nextToken();
      if (token != JsonToken.START_OBJECT) {
        throw new BadRecordException(
            "Expected a JSON object, got " + (token == null ? "an empty record" : describe(token)));
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        int column = columnOf(parser.currentName());
        JsonToken value = parser.nextToken();
        if (column == UNKNOWN) {
          parser.skipChildren();
        } else {
          write(parser, value, writers[column], column, out);
        }
      }
      if (parser.nextToken() != null) {
        throw new BadRecordException("Unexpected content after the JSON object");
      }
    } catch (JsonEOFException e) {
      // Jackson's own wording here drags in a "[Source: REDACTED ...]" location note
      throw new BadRecordException("Malformed JSON: the record ends inside the object", e);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
      throw new BadRecordException("Malformed JSON" + where + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new BadRecordException("Malformed JSON: " + e.getMessage(), e);
    }
  }

  private int columnOf(String name) {
    Integer column = resolvedNames.get(name);
    if (column != null) {
      return column;
    }
    int resolved = columnsByLowerName.getOrDefault(name.toLowerCase(Locale.ROOT), UNKNOWN);
    if (resolvedNames.size() < MAX_CACHED_NAMES) {
      resolvedNames.put(name, resolved);
    }
    return resolved;
  }

  private static void write(
      JsonParser parser, JsonToken token, FieldWriter writer, int column, BatchBuilder out)
      throws IOException, BadRecordException {
    boolean varchar = writer.type() == ColumnType.VARCHAR;
    if (varchar && !writer.read() && token != JsonToken.VALUE_NULL) {
      // the parser still reads (and checks) the value when it moves past it
      parser.skipChildren();
      out.setObject(column, FieldWriter.NOT_READ);
      return;
    }
    switch (token) {
      case VALUE_NULL:
        out.setNull(column);
        return;
      case VALUE_STRING:
        if (!writer.tryWriteTimestamp(
            parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength(), out)) {
          writer.writeText(parser.getText(), out);
        }
        return;
      case VALUE_TRUE:
      case VALUE_FALSE:
        writer.writeBoolean(token == JsonToken.VALUE_TRUE, out);
        return;
      case VALUE_NUMBER_INT:
        if (varchar) {
          out.setObject(column, parser.getText());
        } else if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          writer.writeNumber(parser.getDecimalValue(), out);
        } else {
          writer.writeIntegral(parser.getLongValue(), out);
        }
        return;
      case VALUE_NUMBER_FLOAT:
        if (varchar) {
          out.setObject(column, parser.getText());
        } else if (writer.type() == ColumnType.DOUBLE || writer.type() == ColumnType.REAL) {
          double value = parser.getDoubleValue();
          if (Double.isInfinite(value)) {
            writer.writeFloating(value, parser.getText(), out);
          } else {
            writer.writeFloating(value, out);
          }
        } else {
          writer.writeNumber(parser.getDecimalValue(), out);
        }
        return;
      case START_OBJECT:
      case START_ARRAY:
        String json = MAPPER.readTree(parser).toString();
        if (varchar) {
          out.setObject(column, json);
          return;
        }
        throw writer.bad(json, null);
      default:
        throw new BadRecordException("Unexpected JSON token " + token);
    }
  }

  private static String describe(JsonToken token) {
    switch (token) {
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return token.toString();
    }
  }
}
