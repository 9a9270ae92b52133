package io.sluice.connector.parquet;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.connector.BadRecordException;
import io.sluice.spi.format.BinaryRowDecoder;
import io.sluice.spi.type.Column;
import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Decodes Kafka record values of {@code 'format' = 'avro'}: each value is one Avro record in binary
 * encoding, without container header or schema-registry prefix, written with the schema derived
 * from the declared columns ({@link AvroSchemas#of}, as the Parquet sink writes). A binary datum
 * carries no schema, so the writer's must be exactly that one.
 */
final class AvroValueDecoder implements BinaryRowDecoder {
  private final GenericDatumReader<GenericRecord> reader;
  private final AvroRecordDecoder fields;

  AvroValueDecoder(List<Column> columns) {
    requireNonNull(columns, "columns is null");
    Schema schema = AvroSchemas.of(columns);
    this.reader = new GenericDatumReader<>(schema, schema, GenericData.get());
    this.fields = new AvroRecordDecoder(schema, columns);
  }

  /** Writes the columns of one row decoded from {@code value}. */
  @Override
  public void decode(byte[] value, BatchBuilder out) throws BadRecordException {
    requireNonNull(value, "value is null");
    GenericRecord record;
    try {
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(value, null);
      record = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new BadRecordException("Malformed Avro: bytes left after the record");
      }
    } catch (IOException | RuntimeException e) {
      // a bad length or union index surfaces as any of several runtime exceptions
      throw new BadRecordException("Malformed Avro: " + e, e);
    }
    fields.decode(record, out);
  }
}
