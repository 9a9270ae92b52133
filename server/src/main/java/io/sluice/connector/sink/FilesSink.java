package io.sluice.connector.sink;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sluice.catalog.Column;
import io.sluice.checkpoint.AtomicFiles;
import io.sluice.connector.SourceContext;
import io.sluice.exec.batch.Batch;
import io.sluice.exec.batch.ColumnType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a query's result into a folder as JSON lines or CSV, one file per batch with rows.
 * A batch's file is written under {@code _staging/}, then moved into the folder, then recorded in
 * the manifest {@code _sluice_manifest/<batch>}; the files source reading the folder lists only
 * files a manifest names, so a batch becomes visible all at once and a crash never exposes a
 * partial file. File names are derived from the batch id, so replaying a batch rewrites the same
 * file instead of adding one.
 */
public final class FilesSink implements StreamSink {
  public static final String MANIFEST_DIRECTORY = "_sluice_manifest";
  private static final String STAGING_DIRECTORY = "_staging";
  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
  private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private final Path directory;
  private final String format;
  private final List<Column> columns;
  private final String prefix;

  /** @param prefix file-name prefix that keeps several writers of one folder apart */
  public FilesSink(SourceContext context, String prefix) {
    this.directory = context.workingDirectory().resolve(context.requiredOption("path")).normalize();
    this.format = context.option("format", "json").toLowerCase(Locale.ROOT);
    if (!format.equals("json") && !format.equals("csv")) {
      throw new IllegalArgumentException("Sink '" + context.relationName() + "' has format '"
          + format + "'; the files sink writes json or csv");
    }
    this.columns = context.columns();
    this.prefix = requireNonNull(prefix, "prefix is null");
  }

  private String fileName(long batchId) {
    return String.format("%s-%010d.%s", prefix, batchId, format);
  }

  @Override public void write(long batchId, Batch rows) {
    if (rows.rowCount() == 0) {
      return;
    }
    try {
      byte[] content = format.equals("json") ? json(rows) : csv(rows);
      AtomicFiles.write(directory.resolve(STAGING_DIRECTORY).resolve(fileName(batchId)), content);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write sink file for batch " + batchId + " into "
          + directory, e);
    }
  }

  @Override public void commit(long batchId) {
    try {
      Path staged = directory.resolve(STAGING_DIRECTORY).resolve(fileName(batchId));
      List<String> files = new ArrayList<>();
      if (Files.exists(staged)) {
        Files.move(staged, directory.resolve(fileName(batchId)),
            StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      if (Files.exists(directory.resolve(fileName(batchId)))) {
        files.add(fileName(batchId));
      }
      AtomicFiles.write(directory.resolve(MANIFEST_DIRECTORY)
              .resolve(prefix + "-" + String.format("%010d", batchId)),
          String.join("\n", files).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot commit batch " + batchId + " into " + directory, e);
    }
  }

  @Override public long lastCommittedBatch() {
    Path manifests = directory.resolve(MANIFEST_DIRECTORY);
    if (!Files.isDirectory(manifests)) {
      return -1;
    }
    try (Stream<Path> entries = Files.list(manifests)) {
      return entries.map(path -> path.getFileName().toString())
          .filter(name -> name.startsWith(prefix + "-"))
          .mapToLong(name -> Long.parseLong(name.substring(prefix.length() + 1)))
          .max().orElse(-1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] json(Batch rows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      for (int r = 0; r < rows.rowCount(); r++) {
        generator.writeStartObject();
        for (int c = 0; c < columns.size(); c++) {
          generator.writeFieldName(columns.get(c).name());
          Object value = rows.column(c).getObject(r);
          if (value == null) {
            generator.writeNull();
          } else if (value instanceof Long && isNumeric(columns.get(c).type())) {
            generator.writeNumber((Long) value);
          } else if (value instanceof Double) {
            generator.writeNumber((Double) value);
          } else if (value instanceof BigDecimal) {
            generator.writeNumber((BigDecimal) value);
          } else if (columns.get(c).type() == ColumnType.BOOLEAN) {
            generator.writeBoolean(((Long) value) != 0);
          } else {
            generator.writeString(text(columns.get(c).type(), value));
          }
        }
        generator.writeEndObject();
        generator.writeRaw('\n');
      }
    }
    return out.toByteArray();
  }

  private byte[] csv(Batch rows) throws IOException {
    StringBuilder text = new StringBuilder();
    try (CSVPrinter printer = new CSVPrinter(text, CSVFormat.DEFAULT.builder()
        .setRecordSeparator('\n').get())) {
      for (int r = 0; r < rows.rowCount(); r++) {
        List<String> fields = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
          Object value = rows.column(c).getObject(r);
          fields.add(value == null ? null : text(columns.get(c).type(), value));
        }
        printer.printRecord(fields);
      }
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static boolean isNumeric(ColumnType type) {
    return type == ColumnType.TINYINT || type == ColumnType.SMALLINT
        || type == ColumnType.INTEGER || type == ColumnType.BIGINT;
  }

  /** Text form the files source reads back: SQL timestamps, ISO dates and times. */
  private static String text(ColumnType type, Object value) {
    switch (type) {
      case TIMESTAMP:
        long millis = (Long) value;
        LocalDateTime time = LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000),
            (int) Math.floorMod(millis, 1000) * 1_000_000, ZoneOffset.UTC);
        return TIMESTAMP.format(time);
      case DATE:
        return LocalDate.ofEpochDay((Long) value).toString();
      case TIME:
        return TIME_OF_DAY.format(LocalTime.ofNanoOfDay((Long) value * 1_000_000));
      case BOOLEAN:
        return String.valueOf(((Long) value) != 0);
      default:
        return value.toString();
    }
  }
}
