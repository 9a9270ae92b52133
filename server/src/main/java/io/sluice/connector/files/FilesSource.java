package io.sluice.connector.files;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Column;
import io.sluice.connector.BadRecordException;
import io.sluice.connector.OnErrorPolicy;
import io.sluice.connector.SourceContext;
import io.sluice.connector.SourceMetrics;
import io.sluice.connector.SourceOffset;
import io.sluice.connector.SourceOptions;
import io.sluice.connector.SourceReadException;
import io.sluice.connector.sink.FilesSink;
import io.sluice.connector.StreamSource;
import io.sluice.connector.format.RowDecoder;
import io.sluice.connector.format.RowDecoders;
import io.sluice.exec.batch.Batch;
import io.sluice.exec.batch.BatchBuilder;
import io.sluice.exec.batch.ColumnType;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the lines of the files in a directory ({@code 'connector' = 'files'}), one record per
 * non-blank line, in the {@code format} given ({@code json} or {@code csv}).
 *
 * <p>Each trigger picks up the files not read before, in file-name order, at most
 * {@code max-files-per-trigger} of them. The offset is the set of names read so far, so a file is
 * read once, whole, when it first appears. <b>Writers must therefore make a file visible only when
 * it is complete</b>: write it under a name starting with {@code .} or {@code _} (or a hidden
 * file), which this source ignores, and rename it when done — a rename within a directory is
 * atomic. A file changed or deleted after it was read is not read again, but replaying a batch
 * re-reads its files as they are then, so files must not change at all once visible.
 *
 * <p>{@code path} may also name a single file (read even if its name is hidden-looking); a
 * relative path resolves against the server's working directory. Files are UTF-8; a leading
 * byte-order mark is dropped. {@code 'csv.header' = 'true'} skips each CSV file's first line.
 * Under {@code 'on-error' = 'skip'} (the default) a record that cannot be decoded is counted and
 * logged with its file and line; under {@code 'fail'} it stops the query with the same details.
 */
public final class FilesSource implements StreamSource {
  public static final String PATH_OPTION = "path";
  public static final String FORMAT_OPTION = "format";
  public static final String MAX_FILES_PER_TRIGGER_OPTION = "max-files-per-trigger";
  public static final String CSV_HEADER_OPTION = "csv.header";

  private static final Logger LOG = LoggerFactory.getLogger(FilesSource.class);
  // Beyond this many per read, bad records are only counted, so one bad file can't flood the log
  private static final int MAX_LOGGED_BAD_RECORDS = 100;
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private final String relationName;
  private final Path path;
  private final List<ColumnType> types;
  private final RowDecoder decoder;
  private final long maxFilesPerTrigger;
  private final boolean skipHeader;
  private final OnErrorPolicy onError;
  private final SourceMetrics metrics;

  /**
   * Validates the options; the path itself is first looked at by {@link #latestOffset}.
   *
   * @throws IllegalArgumentException for a missing or invalid option
   */
  public FilesSource(SourceContext context) {
    requireNonNull(context, "context is null");
    this.relationName = context.relationName();
    this.path = context.workingDirectory().resolve(context.requiredOption(PATH_OPTION));
    String format = context.requiredOption(FORMAT_OPTION);
    this.types = context.columns().stream().map(Column::type).toList();
    try {
      this.decoder = RowDecoders.forFormat(format, context.columns(), context.options());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " (in WITH clause of '" + relationName
          + "')", e);
    }
    this.maxFilesPerTrigger =
        SourceOptions.positiveLong(context, MAX_FILES_PER_TRIGGER_OPTION, Long.MAX_VALUE);
    boolean header = SourceOptions.booleanOption(context, CSV_HEADER_OPTION, false);
    this.skipHeader = header && format.trim().toLowerCase(Locale.ROOT).equals("csv");
    this.onError = context.onErrorPolicy();
    this.metrics = context.metrics();
  }

  /**
   * Everything under {@code path} read at once, e.g. for a bounded {@code CREATE TABLE}; ignores
   * {@code max-files-per-trigger}.
   */
  public static Batch readAll(SourceContext context) {
    FilesSource source = new FilesSource(context);
    return source.read(FilesOffset.EMPTY, new FilesOffset(source.listFiles()));
  }

  @Override public FilesOffset initialOffset() {
    return FilesOffset.EMPTY;
  }

  @Override public FilesOffset latestOffset(SourceOffset start) {
    FilesOffset from = cast(start);
    List<String> next = new ArrayList<>();
    for (String file : listFiles()) {
      if (next.size() >= maxFilesPerTrigger) {
        break;
      }
      if (!from.files().contains(file)) {
        next.add(file);
      }
    }
    return next.isEmpty() ? from : from.plus(next);
  }

  @Override public Batch read(SourceOffset start, SourceOffset end) {
    List<String> files = cast(end).filesAfter(cast(start));
    BatchBuilder out = new BatchBuilder(types, 1024);
    BadRecords bad = new BadRecords();
    for (String file : files) {
      readFile(file, out, bad);
    }
    if (bad.unlogged > 0) {
      LOG.warn("Skipped {} more bad records of '{}' in this batch without logging each",
          bad.unlogged, relationName);
    }
    Batch batch = out.build();
    metrics.recordRowsRead(batch.rowCount());
    return batch;
  }

  @Override public FilesOffset parseOffset(String json) {
    return FilesOffset.fromJson(json);
  }

  /** Names of the visible files under the path, in name order. */
  private List<String> listFiles() {
    if (Files.isRegularFile(path)) {
      return List.of(path.getFileName().toString());
    }
    if (!Files.isDirectory(path)) {
      throw new SourceReadException("Path '" + path + "' of '" + relationName
          + "' is neither a directory nor a file");
    }
    try (Stream<Path> entries = Files.list(path)) {
      List<String> names = new ArrayList<>();
      for (Path entry : (Iterable<Path>) entries::iterator) {
        String name = entry.getFileName().toString();
        if (!name.startsWith(".") && !name.startsWith("_") && Files.isRegularFile(entry)
            && !Files.isHidden(entry)) {
          names.add(name);
        }
      }
      Set<String> committed = committedSinkFiles();
      if (committed != null) {
        names.retainAll(committed);
      }
      names.sort(null);
      return names;
    } catch (IOException e) {
      throw new SourceReadException("Cannot list directory '" + path + "' of '" + relationName
          + "': " + e, e);
    }
  }

  /**
   * Files a Sluice file sink committed into this folder, from its manifest; null when the folder
   * has no manifest (not a sink's output), in which case every visible file counts.
   */
  private Set<String> committedSinkFiles() throws IOException {
    Path manifests = path.resolve(FilesSink.MANIFEST_DIRECTORY);
    if (!Files.isDirectory(manifests)) {
      return null;
    }
    Set<String> files = new HashSet<>();
    try (Stream<Path> entries = Files.list(manifests)) {
      for (Path manifest : (Iterable<Path>) entries::iterator) {
        if (!manifest.getFileName().toString().startsWith(".")) {
          for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
              files.add(line.strip());
            }
          }
        }
      }
    }
    return files;
  }

  private Path fileOf(String name) {
    return Files.isDirectory(path) ? path.resolve(name) : path;
  }

  private void readFile(String name, BatchBuilder out, BadRecords bad) {
    Path file = fileOf(name);
    int lineNumber = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (lineNumber == 1) {
          if (skipHeader) {
            continue;
          }
          if (!line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
            line = line.substring(1);
          }
        }
        if (line.isBlank()) {
          continue;
        }
        try {
          decoder.decode(line, out);
          out.endRow();
        } catch (BadRecordException e) {
          out.discardRow();
          onBadRecord(file, lineNumber, e, bad);
        }
      }
    } catch (NoSuchFileException e) {
      throw new SourceReadException("File '" + file + "' of '" + relationName
          + "' disappeared before it was read; files must stay until queries have read them", e);
    } catch (CharacterCodingException e) {
      // no line number: the reader decodes ahead of the line it hands out
      throw new SourceReadException("File '" + file + "' of '" + relationName
          + "' is not valid UTF-8", e);
    } catch (IOException e) {
      throw new SourceReadException("Cannot read file '" + file + "' of '" + relationName + "': "
          + e, e);
    }
  }

  private void onBadRecord(Path file, int lineNumber, BadRecordException e, BadRecords bad) {
    if (onError == OnErrorPolicy.FAIL) {
      throw new SourceReadException("Bad record in '" + relationName + "', file '" + file
          + "' line " + lineNumber + ": " + e.getMessage(), e);
    }
    metrics.recordBadRecord();
    if (bad.logged < MAX_LOGGED_BAD_RECORDS) {
      bad.logged++;
      LOG.warn("Skipped bad record in '{}', file '{}' line {}: {}", relationName, file,
          lineNumber, e.getMessage());
    } else {
      bad.unlogged++;
    }
  }

  private static FilesOffset cast(SourceOffset offset) {
    requireNonNull(offset, "offset is null");
    if (!(offset instanceof FilesOffset)) {
      throw new IllegalArgumentException("Not a files offset: " + offset.getClass().getName());
    }
    return (FilesOffset) offset;
  }

  /** Bad records met during one read, for capping the log. */
  private static final class BadRecords {
    int logged;
    int unlogged;
  }
}
