package io.sluice.connector.parquet;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.format.FileFormatWriter;
import io.sluice.spi.type.Column;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * Parquet (Snappy-compressed) with the Avro schema {@link AvroSchemas} derives from the columns;
 * parts merge by rewriting their records into one file.
 */
final class ParquetFileWriter implements FileFormatWriter {
  private final ParquetRows rows;
  private final ParquetFileReader reader;

  ParquetFileWriter(List<Column> columns) {
    this.rows = new ParquetRows(columns);
    this.reader =
        new ParquetFileReader(columns, IntStream.range(0, columns.size()).boxed().toList());
  }

  @Override
  public String extension() {
    return "parquet";
  }

  @Override
  public void write(Batch batch, Path file) throws IOException {
    ParquetFiles.write(file, rows.schema(), rows.records(batch));
  }

  @Override
  public void merge(List<Path> parts, Path file) throws IOException {
    // one part in memory at a time
    try (ParquetWriter<GenericRecord> writer = ParquetFiles.writer(file, rows.schema())) {
      for (Path part : parts) {
        for (GenericRecord record : rows.records(reader.readWhole(part))) {
          writer.write(record);
        }
      }
    }
  }
}
