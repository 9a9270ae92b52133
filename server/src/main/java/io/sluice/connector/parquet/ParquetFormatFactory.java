package io.sluice.connector.parquet;

import io.sluice.spi.format.FileFormatWriter;
import io.sluice.spi.format.FileRowReader;
import io.sluice.spi.format.FormatContext;
import io.sluice.spi.format.FormatFactory;
import java.util.Optional;

/** {@code 'format' = 'parquet'}: whole Parquet files, read and written (files connector). */
public final class ParquetFormatFactory implements FormatFactory {
  @Override
  public String identifier() {
    return "parquet";
  }

  @Override
  public Optional<FileRowReader> fileReader(FormatContext context) {
    return Optional.of(new ParquetFileReader(context.columns(), context.projection()));
  }

  @Override
  public Optional<FileFormatWriter> fileWriter(FormatContext context) {
    return Optional.of(new ParquetFileWriter(context.columns()));
  }
}
