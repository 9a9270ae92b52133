package io.sluice.connector.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;

/** JSON lines: one object per row, fields named after the columns. */
final class JsonFileWriter extends TextFileWriter {
  private static final JsonFactory JSON = new JsonFactory();

  private final List<Column> columns;

  JsonFileWriter(List<Column> columns) {
    this.columns = List.copyOf(columns);
  }

  @Override
  public String extension() {
    return "json";
  }

  @Override
  byte[] encode(Batch rows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      // one object per line, nothing before it (Jackson puts a space between root values)
      generator.setRootValueSeparator(null);
      for (int r = 0; r < rows.rowCount(); r++) {
        generator.writeStartObject();
        for (int c = 0; c < columns.size(); c++) {
          ColumnType type = columns.get(c).type();
          generator.writeFieldName(columns.get(c).name());
          Object value = rows.column(c).getObject(r);
          if (value == null) {
            generator.writeNull();
          } else if (value instanceof Long && TextValues.isIntegral(type)) {
            generator.writeNumber((Long) value);
          } else if (value instanceof Double) {
            generator.writeNumber((Double) value);
          } else if (value instanceof BigDecimal) {
            generator.writeNumber((BigDecimal) value);
          } else if (type == ColumnType.BOOLEAN) {
            generator.writeBoolean(((Long) value) != 0);
          } else {
            generator.writeString(TextValues.text(type, value));
          }
        }
        generator.writeEndObject();
        generator.writeRaw('\n');
      }
    }
    return out.toByteArray();
  }
}
