package io.sluice.connector.format;

import io.sluice.spi.format.FileFormatWriter;
import io.sluice.spi.format.FileRowReader;
import io.sluice.spi.format.FormatContext;
import io.sluice.spi.format.FormatFactory;
import io.sluice.spi.format.RowDecoder;
import io.sluice.spi.format.RowEncoder;
import java.util.Optional;
import java.util.Set;

/**
 * {@code 'format' = 'json'}: one JSON object per record, fields named after the columns — a line of
 * a file, a Kafka value — read and written.
 */
public final class JsonFormatFactory implements FormatFactory {
  @Override
  public String identifier() {
    return "json";
  }

  @Override
  public Optional<RowDecoder> textDecoder(FormatContext context) {
    return Optional.of(
        NotNullCheckingDecoder.wrap(
            new JsonRowDecoder(context.columns(), Set.copyOf(context.projection())),
            context.columns()));
  }

  @Override
  public Optional<FileRowReader> fileReader(FormatContext context) {
    return Optional.of(new LineFileReader(textDecoder(context).orElseThrow(), false));
  }

  @Override
  public Optional<RowEncoder> rowEncoder(FormatContext context, int[] columns) {
    return Optional.of(new TextRowEncoder(null, context.columns(), columns));
  }

  @Override
  public Optional<FileFormatWriter> fileWriter(FormatContext context) {
    return Optional.of(new JsonFileWriter(context.columns()));
  }
}
