package io.sluice.connector.parquet;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.connector.BadRecordException;
import io.sluice.spi.connector.BadRecordHandler;
import io.sluice.spi.format.FileRowReader;
import io.sluice.spi.type.Column;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads a Parquet file whole. A file that is not readable Parquet is one bad record (position: the
 * file) and yields no rows; a row whose values do not fit the columns is a bad record at {@code row
 * N} (1-based) of the file, with the Avro record's text as its raw form.
 */
final class ParquetFileReader implements FileRowReader {
  private final List<Column> columns;

  ParquetFileReader(List<Column> columns) {
    this.columns = List.copyOf(requireNonNull(columns, "columns is null"));
  }

  @Override
  public void read(Path file, BatchBuilder out, BadRecordHandler bad) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString());
    }
    String position = "file '" + file + "'";
    List<GenericRecord> records;
    ParquetRecordDecoder decoder;
    try {
      records = ParquetFiles.readAll(file);
      decoder =
          records.isEmpty() ? null : new ParquetRecordDecoder(records.get(0).getSchema(), columns);
    } catch (IOException | RuntimeException e) {
      // Parquet reports a bad file through many exception types, checked and not
      bad.onBadRecord(
          position, null, new BadRecordException("Cannot read Parquet file: " + describe(e), e));
      return;
    }
    for (int r = 0; r < records.size(); r++) {
      GenericRecord record = records.get(r);
      try {
        decoder.decode(record, out);
        out.endRow();
      } catch (BadRecordException e) {
        out.discardRow();
        bad.onBadRecord(position + " row " + (r + 1), record.toString(), e);
      } catch (RuntimeException e) {
        // a value of a Java type its schema does not promise: a bad record, not a crash
        out.discardRow();
        bad.onBadRecord(
            position + " row " + (r + 1),
            record.toString(),
            new BadRecordException("Cannot convert record: " + describe(e), e));
      }
    }
  }

  private static String describe(Throwable e) {
    Throwable cause = e;
    while (cause.getMessage() == null && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
