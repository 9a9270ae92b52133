package io.sluice.connector.parquet;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.connector.BadRecordException;
import io.sluice.spi.connector.BadRecordHandler;
import io.sluice.spi.format.FileRowReader;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.LocalInputFile;

/**
 * Reads a Parquet file whole, row group by row group, through parquet-mr's column readers straight
 * into the batch's vectors, and only the columns the query reads (the others' column chunks are not
 * even read). A file that is not readable Parquet, or whose schema does not give the columns (a NOT
 * NULL column missing, a field of a type that does not convert), is one bad record (position: the
 * file) and yields no rows; a row whose values do not fit the columns is a bad record at {@code row
 * N} (1-based) of the file, with the row's fields as its raw form. The row errors of a file are
 * reported once the whole file is read, so a file corrupt midway reports only that.
 */
final class ParquetFileReader implements FileRowReader {
  private static final ParquetConfiguration CONFIGURATION = new PlainParquetConfiguration();

  private final List<Column> columns;
  private final List<ColumnType> types;
  private final List<Integer> projection;

  ParquetFileReader(List<Column> columns, List<Integer> projection) {
    this.columns = List.copyOf(requireNonNull(columns, "columns is null"));
    this.types = this.columns.stream().map(Column::type).toList();
    this.projection = List.copyOf(requireNonNull(projection, "projection is null"));
  }

  /** A bad row found while reading a file, reported once the file is read. */
  private record BadRow(long number, String raw, BadRecordException error) {}

  @Override
  public void read(Path file, BatchBuilder out, BadRecordHandler bad) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString());
    }
    String position = "file '" + file + "'";
    int start = out.rowCount();
    List<BadRow> badRows;
    try {
      badRows = readRowGroups(file, out);
    } catch (ParquetSchemaException e) {
      out.truncate(start);
      bad.onBadRecord(
          position, null, new BadRecordException("Cannot read Parquet file: " + e.getMessage()));
      return;
    } catch (IOException | RuntimeException e) {
      // Parquet reports a bad file through many exception types, checked and not
      out.truncate(start);
      bad.onBadRecord(
          position, null, new BadRecordException("Cannot read Parquet file: " + describe(e), e));
      return;
    }
    for (BadRow row : badRows) {
      bad.onBadRecord(position + " row " + row.number(), row.raw(), row.error());
    }
  }

  /**
   * Every row of {@code file}, for rewriting a file of the files sink's own; any bad record fails.
   *
   * @throws IOException naming the file and what is wrong with it
   */
  Batch readWhole(Path file) throws IOException {
    BatchBuilder out = new BatchBuilder(types, 1024);
    List<BadRow> badRows;
    try {
      badRows = readRowGroups(file, out);
    } catch (ParquetSchemaException e) {
      throw new IOException("Cannot read Parquet file '" + file + "': " + e.getMessage(), e);
    }
    if (!badRows.isEmpty()) {
      BadRow first = badRows.get(0);
      throw new IOException(
          "Cannot read Parquet file '"
              + file
              + "' row "
              + first.number()
              + ": "
              + first.error().getMessage(),
          first.error());
    }
    return out.build();
  }

  /** Appends every row of {@code file} to {@code out}; returns the rows that did not convert. */
  private List<BadRow> readRowGroups(Path file, BatchBuilder out)
      throws IOException, ParquetSchemaException {
    List<BadRow> badRows = new ArrayList<>();
    try (org.apache.parquet.hadoop.ParquetFileReader reader =
        org.apache.parquet.hadoop.ParquetFileReader.open(input(file), options())) {
      FileMetaData metaData = reader.getFileMetaData();
      ParquetProjection plan = ParquetProjection.of(metaData.getSchema(), columns, projection);
      reader.setRequestedSchema(plan.requestedSchema());
      int[] unfilled = plan.unfilledColumns();
      RowErrors errors = new RowErrors();
      long rowsBefore = 0;
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        int rows = Math.toIntExact(pages.getRowCount());
        int base = out.rowCount();
        out.reserve(rows);
        if (rows > 0 && !plan.decoders().isEmpty()) {
          ColumnReadStoreImpl store =
              new ColumnReadStoreImpl(
                  pages, plan.converter(), plan.requestedSchema(), metaData.getCreatedBy());
          for (ColumnDecoder decoder : plan.decoders()) {
            ColumnReader columnReader = store.getColumnReader(decoder.field().descriptor());
            decoder.decode(columnReader, out.vector(decoder.column()), base, rows, errors);
          }
        }
        for (int column : unfilled) {
          ColumnVector vector = out.vector(column);
          for (int row = base; row < base + rows; row++) {
            vector.setNull(row);
          }
        }
        out.appendRows(rows);
        if (!errors.isEmpty()) {
          dropBadRows(plan, out, base, rowsBefore, errors, badRows);
        }
        rowsBefore += rows;
        pages.close();
      }
    }
    return badRows;
  }

  /**
   * Moves the good rows of the row group that starts at {@code base} together, drops the rest and
   * notes them as bad rows of the file.
   */
  private void dropBadRows(
      ParquetProjection plan,
      BatchBuilder out,
      int base,
      long rowsBefore,
      RowErrors errors,
      List<BadRow> badRows) {
    for (Map.Entry<Integer, RowErrors.Failure> failed : errors.rows().entrySet()) {
      int row = failed.getKey();
      badRows.add(
          new BadRow(
              rowsBefore + row - base + 1,
              RawRows.render(plan.fileOrder(), types, out, row, failed.getValue().values()),
              failed.getValue().error()));
    }
    int end = out.rowCount();
    int kept = errors.rows().firstKey();
    int next = kept;
    for (int bad : errors.rows().keySet()) {
      // the good rows between the previous bad one and this one
      copyRows(out, next, kept, bad - next);
      kept += bad - next;
      next = bad + 1;
    }
    copyRows(out, next, kept, end - next);
    kept += end - next;
    out.truncate(kept);
    errors.clear();
  }

  private void copyRows(BatchBuilder out, int from, int to, int length) {
    if (length <= 0 || from == to) {
      return;
    }
    for (int c = 0; c < columns.size(); c++) {
      ColumnVector vector = out.vector(c);
      vector.copyRange(vector, from, to, length);
    }
  }

  /**
   * Read options without Hadoop's configuration: by default each file would get a new one, which
   * parses Hadoop's XML defaults again. A codec factory per file, as its decompressors are not
   * shared between threads and the file reader releases them when it closes.
   */
  private static ParquetReadOptions options() {
    return ParquetReadOptions.builder(CONFIGURATION)
        .withCodecFactory(new CodecFactory(CONFIGURATION, 0))
        .build();
  }

  /** The file as Parquet's input, named by its path: Parquet's errors quote its toString(). */
  private static LocalInputFile input(Path file) {
    return new LocalInputFile(file) {
      @Override
      public String toString() {
        return file.toString();
      }
    };
  }

  private static String describe(Throwable e) {
    Throwable cause = e;
    while (cause.getMessage() == null && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
