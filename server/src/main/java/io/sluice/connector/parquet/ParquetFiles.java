package io.sluice.connector.parquet;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Writes whole local Parquet files from Avro generic records (the files sink's writer); reading
 * goes through {@link ParquetFileReader}, column by column.
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
}
