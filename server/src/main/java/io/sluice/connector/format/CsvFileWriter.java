package io.sluice.connector.format;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.type.Column;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** CSV without a header: fields in column order, NULL as an empty field. */
final class CsvFileWriter extends TextFileWriter {
  private final List<Column> columns;
  private final CSVFormat syntax;

  /** A writer of {@code columns} in {@code syntax}, its delimiter and quote. */
  CsvFileWriter(List<Column> columns, CSVFormat syntax) {
    this.columns = List.copyOf(columns);
    this.syntax = syntax.builder().setRecordSeparator('\n').get();
  }

  @Override
  public String extension() {
    return "csv";
  }

  @Override
  byte[] encode(Batch rows) throws IOException {
    StringBuilder text = new StringBuilder();
    try (CSVPrinter printer = new CSVPrinter(text, syntax)) {
      for (int r = 0; r < rows.rowCount(); r++) {
        List<String> fields = new ArrayList<>(columns.size());
        for (int c = 0; c < columns.size(); c++) {
          Object value = rows.column(c).getObject(r);
          fields.add(value == null ? null : TextValues.text(columns.get(c).type(), value));
        }
        printer.printRecord(fields);
      }
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
