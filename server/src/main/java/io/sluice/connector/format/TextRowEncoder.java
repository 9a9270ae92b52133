package io.sluice.connector.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.format.RowEncoder;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Turns chosen columns of a row into a Kafka record's bytes: a JSON object keyed by column name, or
 * a CSV line (no line break). Values take the text forms the Kafka and files sources read back:
 * TIMESTAMP as {@code yyyy-MM-dd HH:mm:ss.SSS} (UTC), DATE and TIME in ISO form.
 */
public final class TextRowEncoder implements RowEncoder {
  private static final JsonFactory JSON = new JsonFactory();
  private final CSVFormat csv;
  private final List<Column> columns;
  private final int[] indexes;

  /**
   * @param csv the syntax of CSV lines, or null for JSON objects
   * @param columns all columns of the rows
   * @param indexes positions of the columns to encode, in output order
   */
  TextRowEncoder(CSVFormat csv, List<Column> columns, int[] indexes) {
    this.csv = csv == null ? null : csv.builder().setRecordSeparator("").get();
    this.columns = List.copyOf(columns);
    this.indexes = indexes.clone();
  }

  /** The encoded columns of row {@code row} of {@code batch}. */
  @Override
  public byte[] encode(Batch batch, int row) {
    try {
      return csv == null ? json(batch, row) : csv(batch, row);
    } catch (IOException e) {
      // only in-memory writers are involved
      throw new UncheckedIOException(e);
    }
  }

  private byte[] json(Batch batch, int row) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      generator.writeStartObject();
      for (int c : indexes) {
        Column column = columns.get(c);
        generator.writeFieldName(column.name());
        Object value = batch.column(c).getObject(row);
        if (value == null) {
          generator.writeNull();
        } else if (value instanceof Long && TextValues.isIntegral(column.type())) {
          generator.writeNumber((Long) value);
        } else if (value instanceof Double) {
          generator.writeNumber((Double) value);
        } else if (value instanceof BigDecimal) {
          generator.writeNumber((BigDecimal) value);
        } else if (column.type() == ColumnType.BOOLEAN) {
          generator.writeBoolean(((Long) value) != 0);
        } else {
          generator.writeString(TextValues.text(column.type(), value));
        }
      }
      generator.writeEndObject();
    }
    return out.toByteArray();
  }

  private byte[] csv(Batch batch, int row) throws IOException {
    StringBuilder text = new StringBuilder();
    try (CSVPrinter printer = new CSVPrinter(text, csv)) {
      List<String> fields = new ArrayList<>(indexes.length);
      for (int c : indexes) {
        Object value = batch.column(c).getObject(row);
        fields.add(value == null ? null : TextValues.text(columns.get(c).type(), value));
      }
      printer.printRecord(fields);
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
