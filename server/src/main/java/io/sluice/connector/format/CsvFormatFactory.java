package io.sluice.connector.format;

import io.sluice.spi.format.FileFormatWriter;
import io.sluice.spi.format.FileRowReader;
import io.sluice.spi.format.FormatContext;
import io.sluice.spi.format.FormatFactory;
import io.sluice.spi.format.RowDecoder;
import io.sluice.spi.format.RowEncoder;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code 'format' = 'csv'}: one line per record, one field per column. Options {@code
 * csv.delimiter} and {@code csv.quote} (read and written alike) and, for files read, {@code
 * csv.header} (skip a first line of column names).
 */
public final class CsvFormatFactory implements FormatFactory {
  public static final String HEADER_OPTION = "csv.header";

  @Override
  public String identifier() {
    return "csv";
  }

  @Override
  public Set<String> options() {
    return Set.of(CsvRowDecoder.DELIMITER_OPTION, CsvRowDecoder.QUOTE_OPTION, HEADER_OPTION);
  }

  @Override
  public Optional<RowDecoder> textDecoder(FormatContext context) {
    try {
      return Optional.of(
          NotNullCheckingDecoder.wrap(
              new CsvRowDecoder(
                  context.columns(), context.options(), Set.copyOf(context.projection())),
              context.columns()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage() + " (in WITH clause of '" + context.relationName() + "')", e);
    }
  }

  @Override
  public Optional<FileRowReader> fileReader(FormatContext context) {
    return Optional.of(new LineFileReader(textDecoder(context).orElseThrow(), header(context)));
  }

  private static boolean header(FormatContext context) {
    String text = context.options().get(HEADER_OPTION);
    if (text == null) {
      return false;
    }
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new IllegalArgumentException(
            "Invalid value '"
                + text
                + "' for option '"
                + HEADER_OPTION
                + "' in WITH clause of '"
                + context.relationName()
                + "': expected true or false");
    }
  }

  @Override
  public Optional<RowEncoder> rowEncoder(FormatContext context, int[] columns) {
    return Optional.of(new TextRowEncoder(syntax(context), context.columns(), columns));
  }

  @Override
  public Optional<FileFormatWriter> fileWriter(FormatContext context) {
    return Optional.of(new CsvFileWriter(context.columns(), syntax(context)));
  }

  /** The delimiter and quote the options choose, errors naming the relation. */
  private static org.apache.commons.csv.CSVFormat syntax(FormatContext context) {
    try {
      return CsvRowDecoder.syntax(context.options());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage() + " (in WITH clause of '" + context.relationName() + "')", e);
    }
  }
}
