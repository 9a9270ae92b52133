package io.sluice.connector.parquet;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Reads and writes whole local Parquet files as Avro generic records. Values keep Avro's generic
 * representation (no logical-type conversions): epoch-based longs and ints, decimal bytes, {@code
 * Utf8} strings.
 */
public final class ParquetFiles {
  private ParquetFiles() {}

  /** Writes {@code records} as the Parquet file {@code file}, replacing it if it exists. */
  public static void write(Path file, Schema schema, Iterable<GenericRecord> records)
      throws IOException {
    try (ParquetWriter<GenericRecord> writer = writer(file, schema)) {
      for (GenericRecord record : records) {
        writer.write(record);
      }
    }
  }

  /** A writer of the Parquet file {@code file} (Snappy), replacing it if it exists. */
  public static ParquetWriter<GenericRecord> writer(Path file, Schema schema) throws IOException {
    requireNonNull(file, "file is null");
    requireNonNull(schema, "schema is null");
    return AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
        .withSchema(schema)
        // without it the builder picks SpecificData, which needs generated classes
        .withDataModel(GenericData.get())
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .build();
  }

  /**
   * Every record of {@code file}, read before any is returned, so a file that is corrupt midway
   * yields no rows at all rather than some.
   *
   * @throws IOException or a runtime exception from the Parquet reader when the file is not
   *     readable Parquet
   */
  public static List<GenericRecord> readAll(Path file) throws IOException {
    requireNonNull(file, "file is null");
    List<GenericRecord> records = new ArrayList<>();
    // named by its path: Parquet's errors quote the input file's toString()
    LocalInputFile input =
        new LocalInputFile(file) {
          @Override
          public String toString() {
            return file.toString();
          }
        };
    try (ParquetReader<GenericRecord> reader =
        AvroParquetReader.<GenericRecord>builder(input).withDataModel(GenericData.get()).build()) {
      GenericRecord record;
      while ((record = reader.read()) != null) {
        records.add(record);
      }
    }
    return records;
  }
}
