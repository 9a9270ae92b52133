package io.sluice.connector.parquet;

import io.sluice.spi.format.BinaryRowDecoder;
import io.sluice.spi.format.FormatContext;
import io.sluice.spi.format.FormatFactory;
import java.util.Optional;

/**
 * {@code 'format' = 'avro'}: one binary Avro datum per record (a Kafka value), written with the
 * schema derived from the declared columns; read.
 */
public final class AvroFormatFactory implements FormatFactory {
  @Override
  public String identifier() {
    return "avro";
  }

  @Override
  public Optional<BinaryRowDecoder> binaryDecoder(FormatContext context) {
    return Optional.of(new AvroValueDecoder(context.columns()));
  }
}
