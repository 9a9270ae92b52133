package io.sluice.spi.format;

import java.util.Optional;
import java.util.Set;

/**
 * A data format ({@code 'format' = 'json'}, …), found by its identifier among the factories
 * registered with {@link java.util.ServiceLoader}. One factory serves every connector: each asks
 * for the codec it needs — records for Kafka, files for the files connector — and a format without
 * it is refused naming the formats that have one.
 */
public interface FormatFactory {
  /** The value of the {@code format} option that selects this format, in lower case. */
  String identifier();

  /** The WITH options the format reads (e.g. {@code csv.delimiter}); others are the connector's. */
  default Set<String> options() {
    return Set.of();
  }

  /** A decoder of text records (a line, a Kafka value as UTF-8), if the format has one. */
  default Optional<RowDecoder> textDecoder(FormatContext context) {
    return Optional.empty();
  }

  /** A decoder of binary records (a Kafka value), if the format has one. */
  default Optional<BinaryRowDecoder> binaryDecoder(FormatContext context) {
    return Optional.empty();
  }

  /** A reader of whole files, if the format has one. */
  default Optional<FileRowReader> fileReader(FormatContext context) {
    return Optional.empty();
  }

  /** An encoder of rows as records (of the given columns), if the format has one. */
  default Optional<RowEncoder> rowEncoder(FormatContext context, int[] columns) {
    return Optional.empty();
  }

  /** A writer of whole files, if the format has one. */
  default Optional<FileFormatWriter> fileWriter(FormatContext context) {
    return Optional.empty();
  }
}
