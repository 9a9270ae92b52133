package io.sluice.connector.files;

import static java.util.Objects.requireNonNull;

import io.sluice.connector.sink.FilesSink;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.connector.BadRecordHandler;
import io.sluice.spi.connector.Connectors;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceMetrics;
import io.sluice.spi.connector.SourceOffset;
import io.sluice.spi.connector.SourceOptions;
import io.sluice.spi.connector.SourceReadException;
import io.sluice.spi.connector.StreamSource;
import io.sluice.spi.format.FileRowReader;
import io.sluice.spi.format.FormatContext;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the files in a directory ({@code 'connector' = 'files'}) in the {@code format} given:
 * {@code json} or {@code csv}, one record per non-blank line, or {@code parquet}, each file read
 * whole.
 *
 * <p>Each trigger picks up the files not read before, in file-name order, at most {@code
 * max-files-per-trigger} of them. The offset is the set of names read so far, so a file is read
 * once, whole, when it first appears. <b>Writers must therefore make a file visible only when it is
 * complete</b>: write it under a name starting with {@code .} or {@code _} (or a hidden file),
 * which this source ignores, and rename it when done — a rename within a directory is atomic. A
 * file changed or deleted after it was read is not read again, but replaying a batch re-reads its
 * files as they are then, so files must not change at all once visible. A folder a Sluice files
 * sink writes holds a manifest; then only the files it names count.
 *
 * <p>{@code path} may also name a single file (read even if its name is hidden-looking); a relative
 * path resolves against the server's working directory. Text files are UTF-8; a leading byte-order
 * mark is dropped. {@code 'csv.header' = 'true'} skips each CSV file's first line. A record that
 * cannot be decoded — a line, a Parquet row, or a whole file that is not readable Parquet — is
 * handled by the {@code on-error} option: {@code skip} (the default) counts and logs it with its
 * file and line (or row), {@code dead-letter} also keeps it in {@code sys.dead_letters}, {@code
 * fail} stops the query with the same details.
 */
public final class FilesSource implements StreamSource {
  public static final String PATH_OPTION = "path";
  public static final String FORMAT_OPTION = "format";
  public static final String MAX_FILES_PER_TRIGGER_OPTION = "max-files-per-trigger";
  public static final String MAX_BYTES_PER_TRIGGER_OPTION = "max-bytes-per-trigger";

  /**
   * Bytes of line files one micro-batch reads at most, unless the stream says otherwise: a batch's
   * rows are held in memory at once, so a big file is read in parts of this size.
   */
  static final long DEFAULT_MAX_BYTES_PER_TRIGGER = 64L << 20;

  /**
   * Below this many bytes per split a batch's files go whole to the splits, round-robin: cutting
   * small files gains nothing and would have every subtask do its per-batch work (a lookup query,
   * say) for a few rows.
   */
  static final long MIN_SPLIT_BYTES = 1L << 20;

  // A batch's vectors start at the rows its bytes held in the last read (and 5 % more), so they are
  // not doubled up to the batch's size, each doubling copying what it holds; bounded both ways, the
  // upper bound in values (32 MB of longs) so a wide table's estimate cannot take the heap.
  private static final long MIN_INITIAL_ROWS = 1024;
  private static final long MAX_INITIAL_VALUES = 1 << 22;

  private static final Logger LOG = LoggerFactory.getLogger(FilesSource.class);

  private final String relationName;
  private final Path path;
  private final List<ColumnType> types;
  private final FileRowReader reader;
  private final long maxFilesPerTrigger;
  private final long maxBytesPerTrigger;
  private final BadRecordHandler badRecords;
  private final SourceMetrics metrics;

  /** How long an idle source trusts its watch's silence before listing the folder anyway. */
  static final long RELIST_NANOS = TimeUnit.SECONDS.toNanos(1);

  // the watch on the folder: made on the continuous trigger's first wait, or once a listing found
  // nothing new twice in a row
  private WatchService watcher;
  // the watch reported a change that latestOffset has not listed yet
  private boolean changed;
  // the offset the last listing found nothing after, and when that listing began
  private FilesOffset idleAt;
  private long idleListedAt;
  // rows per byte of the last read: a hint, so splits reading at once may each set it
  private volatile double rowsPerByte;

  /**
   * The files each sink manifest of the folder names, by manifest: a manifest appears whole
   * (renamed into place) and never changes, so each is read once, not at every listing (a
   * long-running sink's folder holds one per batch).
   */
  private final Map<String, List<String>> manifestFiles = new HashMap<>();

  /**
   * Validates the options; the path itself is first looked at by {@link #latestOffset}.
   *
   * @throws IllegalArgumentException for a missing or invalid option
   */
  public FilesSource(SourceContext context) {
    requireNonNull(context, "context is null");
    this.relationName = context.relationName();
    this.path = context.workingDirectory().resolve(context.requiredOption(PATH_OPTION));
    this.types = context.columns().stream().map(Column::type).toList();
    this.reader =
        Connectors.codec(
            relationName,
            context.options(),
            "read files",
            f ->
                f.fileReader(
                    new FormatContext(
                        relationName, context.columns(), context.options(), context.projection())));
    this.maxFilesPerTrigger =
        SourceOptions.positiveLong(context, MAX_FILES_PER_TRIGGER_OPTION, Long.MAX_VALUE);
    this.maxBytesPerTrigger =
        SourceOptions.positiveLong(
            context, MAX_BYTES_PER_TRIGGER_OPTION, DEFAULT_MAX_BYTES_PER_TRIGGER);
    this.badRecords = new BadRecordHandler(context, LOG);
    this.metrics = context.metrics();
  }

  /**
   * Everything under {@code path} read at once, e.g. for a bounded {@code CREATE TABLE}; ignores
   * {@code max-files-per-trigger}.
   */
  public static Batch readAll(SourceContext context) {
    FilesSource source = new FilesSource(context);
    return source.read(FilesOffset.EMPTY, new FilesOffset(source.listFiles(Set.of())));
  }

  @Override
  public FilesOffset initialOffset() {
    return FilesOffset.EMPTY;
  }

  /**
   * {@inheritDoc}
   *
   * <p>An idle query asks every few milliseconds. Once a listing found nothing new, the folder is
   * watched, and it is listed again only when the watch reports a change (or after {@link
   * #RELIST_NANOS}, for file systems that report none): listing a folder of many thousands of files
   * on every poll took a core from the queries that had work.
   */
  @Override
  public FilesOffset latestOffset(SourceOffset start) {
    FilesOffset from = cast(start);
    // taken before the listing: a file landing after this point is reported by the next call
    boolean folderChanged = takeChanges();
    boolean idle = from.equals(idleAt);
    long now = System.nanoTime();
    if (idle && !folderChanged && now - idleListedAt < RELIST_NANOS) {
      return from;
    }
    if (idle && watcher == null) {
      // watched from before this listing on, so no file landing after it goes unnoticed
      watcher();
    }
    FilesOffset latest = latestAfter(from);
    idleAt = latest.equals(from) ? from : null;
    idleListedAt = now;
    return latest;
  }

  /** Whether the folder may have changed since the last call: always, unless it is watched. */
  private boolean takeChanges() {
    boolean any = changed;
    changed = false;
    if (watcher == null) {
      return true;
    }
    for (WatchKey key = watcher.poll(); key != null; key = watcher.poll()) {
      key.pollEvents();
      key.reset();
      any = true;
    }
    return any;
  }

  private FilesOffset latestAfter(FilesOffset from) {
    List<String> next = new ArrayList<>();
    long budget = reader.readsRanges() ? maxBytesPerTrigger : Long.MAX_VALUE;
    for (String file : listFiles(from.files())) {
      if (next.size() >= maxFilesPerTrigger || budget <= 0) {
        break;
      }
      if (budget != Long.MAX_VALUE) {
        long position = from.positionIn(file);
        long left = size(file) - position;
        if (left > budget) {
          // a line format is cut anywhere: the lines starting before the cut are this batch's
          return from.plus(next, file, position + budget);
        }
        budget -= left;
      }
      next.add(file);
    }
    return next.isEmpty() ? from : from.plus(next);
  }

  @Override
  public Batch read(SourceOffset start, SourceOffset end) {
    return readRanges(cast(end).rangesAfter(cast(start)));
  }

  /**
   * Splits share a batch's bytes evenly when the format reads ranges of files and the batch holds
   * at least {@link #MIN_SPLIT_BYTES} per split (so one big file is decoded by every subtask);
   * otherwise whole files go round-robin in name order.
   */
  @Override
  public boolean isSplittable() {
    return true;
  }

  @Override
  public Batch read(SourceOffset start, SourceOffset end, int split, int splits) {
    List<FilesOffset.FileRange> ranges = cast(end).rangesAfter(cast(start));
    if (reader.readsRanges()) {
      List<FilesOffset.FileRange> bounded = bounded(ranges);
      long total = bounded.stream().mapToLong(r -> r.to() - r.from()).sum();
      if (total >= (long) splits * MIN_SPLIT_BYTES) {
        return readRanges(share(bounded, total, split, splits));
      }
    }
    List<FilesOffset.FileRange> mine = new ArrayList<>();
    for (int i = split; i < ranges.size(); i += splits) {
      mine.add(ranges.get(i));
    }
    return readRanges(mine);
  }

  /**
   * The non-empty ones of {@code ranges}, each ending at a byte (a file's size for "to its end").
   */
  private List<FilesOffset.FileRange> bounded(List<FilesOffset.FileRange> ranges) {
    List<FilesOffset.FileRange> bounded = new ArrayList<>();
    for (FilesOffset.FileRange range : ranges) {
      long to = range.to() == Long.MAX_VALUE ? size(range.file()) : range.to();
      if (to > range.from()) {
        bounded.add(new FilesOffset.FileRange(range.file(), range.from(), to));
      }
    }
    return bounded;
  }

  /**
   * Split {@code split}'s part of {@code bounded} ({@code total} bytes): the bytes after a share
   * per earlier split.
   */
  private static List<FilesOffset.FileRange> share(
      List<FilesOffset.FileRange> bounded, long total, int split, int splits) {
    long first = total * split / splits;
    long last = total * (split + 1) / splits;
    List<FilesOffset.FileRange> mine = new ArrayList<>();
    long seen = 0;
    for (FilesOffset.FileRange range : bounded) {
      long length = range.to() - range.from();
      long from = Math.max(first, seen);
      long to = Math.min(last, seen + length);
      if (to > from) {
        mine.add(
            new FilesOffset.FileRange(
                range.file(), range.from() + from - seen, range.from() + to - seen));
      }
      seen += length;
    }
    return mine;
  }

  private Batch readRanges(List<FilesOffset.FileRange> ranges) {
    long bytes = bytesToRead(ranges);
    double density = rowsPerByte;
    long estimate = density > 0 && bytes > 0 ? (long) (bytes * density * 1.05) : 0;
    long most = MAX_INITIAL_VALUES / Math.max(1, types.size());
    BatchBuilder out =
        new BatchBuilder(types, (int) Math.max(MIN_INITIAL_ROWS, Math.min(most, estimate)));
    try {
      for (FilesOffset.FileRange range : ranges) {
        readFile(range, out);
      }
    } finally {
      badRecords.endRead();
    }
    Batch batch = out.build();
    if (bytes > 0 && batch.rowCount() > 0) {
      rowsPerByte = batch.rowCount() / (double) bytes;
    }
    metrics.recordRowsRead(batch.rowCount());
    return batch;
  }

  /**
   * The bytes {@code ranges} cover, or 0 when a file's size cannot be read (it is then reported).
   */
  private long bytesToRead(List<FilesOffset.FileRange> ranges) {
    long bytes = 0;
    for (FilesOffset.FileRange range : ranges) {
      long to = range.to();
      if (to == Long.MAX_VALUE) {
        try {
          to = Files.size(fileOf(range.file()));
        } catch (IOException e) {
          return 0; // reading the file reports it
        }
      }
      bytes += Math.max(0, to - range.from());
    }
    return bytes;
  }

  private long size(String name) {
    Path file = fileOf(name);
    try {
      return Files.size(file);
    } catch (NoSuchFileException e) {
      throw disappeared(file, e);
    } catch (IOException e) {
      throw new SourceReadException(
          "Cannot read file '" + file + "' of '" + relationName + "': " + e, e);
    }
  }

  @Override
  public FilesOffset parseOffset(String json) {
    return FilesOffset.fromJson(json);
  }

  /**
   * Names of the visible files under the path that {@code known} does not hold, in name order, such
   * that no file that landed before one of them is left out (when files land in name order).
   *
   * <p>A directory read while files land may return a file and miss one renamed in before it (ext4
   * returns entries in hash order): read on its own, the newer file would move the watermark past
   * the older one's rows, which would then count as late. So a read that finds new names is
   * followed by a second one, and only names up to the newest the first found are returned: each of
   * those landed before the first read ended, and so did every file landed before them, which the
   * second read therefore sees whole.
   *
   * <p>Only new names are looked at on disk (is it a regular file?): the files a stream read before
   * stay in its folder, and a stat each on every trigger made a batch's cost grow with the folder.
   */
  private List<String> listFiles(Set<String> known) {
    if (Files.isRegularFile(path)) {
      String name = path.getFileName().toString();
      return known.contains(name) ? List.of() : List.of(name);
    }
    if (!Files.isDirectory(path)) {
      throw new SourceReadException(
          "Path '" + path + "' of '" + relationName + "' is neither a directory nor a file");
    }
    try {
      List<String> first = newNames(known);
      if (first.isEmpty()) {
        return first;
      }
      String newest = Collections.max(first);
      Set<String> committed = committedSinkFiles();
      List<String> names = new ArrayList<>();
      for (String name : newNames(known)) {
        if (name.compareTo(newest) <= 0 && (committed == null || committed.contains(name))) {
          Path entry = path.resolve(name);
          if (Files.isRegularFile(entry) && !Files.isHidden(entry)) {
            names.add(name);
          }
        }
      }
      names.sort(null);
      return names;
    } catch (IOException e) {
      throw new SourceReadException(
          "Cannot list directory '" + path + "' of '" + relationName + "': " + e, e);
    }
  }

  /** Names in the folder that are neither hidden by their first character nor in {@code known}. */
  private List<String> newNames(Set<String> known) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!name.startsWith(".") && !name.startsWith("_") && !known.contains(name)) {
          names.add(name);
        }
      }
    } catch (DirectoryIteratorException e) {
      throw e.getCause();
    }
    return names;
  }

  /**
   * Files a Sluice file sink committed into this folder, from its manifest; null when the folder
   * has no manifest (not a sink's output), in which case every visible file counts.
   */
  private synchronized Set<String> committedSinkFiles() throws IOException {
    Path manifests = path.resolve(FilesSink.MANIFEST_DIRECTORY);
    if (!Files.isDirectory(manifests)) {
      manifestFiles.clear();
      return null;
    }
    Set<String> files = new HashSet<>();
    Set<String> listed = new HashSet<>();
    try (Stream<Path> entries = Files.list(manifests)) {
      for (Path manifest : (Iterable<Path>) entries::iterator) {
        String name = manifest.getFileName().toString();
        if (name.startsWith(".")) {
          continue;
        }
        listed.add(name);
        List<String> named = manifestFiles.get(name);
        if (named == null) {
          named = new ArrayList<>();
          for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
              named.add(line.strip());
            }
          }
          manifestFiles.put(name, named);
        }
        files.addAll(named);
      }
    }
    // forget the manifests removed (a complete-mode sink's older tables); they were not counted
    manifestFiles.keySet().retainAll(listed);
    return files;
  }

  private Path fileOf(String name) {
    return Files.isDirectory(path) ? path.resolve(name) : path;
  }

  private void readFile(FilesOffset.FileRange range, BatchBuilder out) {
    Path file = fileOf(range.file());
    try {
      if (range.from() == 0 && range.to() == Long.MAX_VALUE) {
        reader.read(file, out, badRecords);
      } else {
        reader.read(file, range.from(), range.to(), out, badRecords);
      }
    } catch (NoSuchFileException e) {
      throw disappeared(file, e);
    } catch (CharacterCodingException e) {
      // no line number: the reader decodes ahead of the line it hands out
      throw new SourceReadException(
          "File '" + file + "' of '" + relationName + "' is not valid UTF-8", e);
    } catch (IOException e) {
      throw new SourceReadException(
          "Cannot read file '" + file + "' of '" + relationName + "': " + e, e);
    }
  }

  private SourceReadException disappeared(Path file, NoSuchFileException e) {
    return new SourceReadException(
        "File '"
            + file
            + "' of '"
            + relationName
            + "' disappeared before it was read; files must stay until queries have read them",
        e);
  }

  private static FilesOffset cast(SourceOffset offset) {
    requireNonNull(offset, "offset is null");
    if (!(offset instanceof FilesOffset)) {
      throw new IllegalArgumentException("Not a files offset: " + offset.getClass().getName());
    }
    return (FilesOffset) offset;
  }

  /**
   * Watches the folder (and a sink's manifests in it) instead of listing it every few milliseconds:
   * returns as soon as a file lands. Falls back to the short poll where the folder cannot be
   * watched (not a directory, yet, or the file system does not tell).
   */
  @Override
  public void awaitData(SourceOffset offset, long maxWaitMillis) throws InterruptedException {
    WatchService watch = watcher();
    if (watch == null) {
      StreamSource.super.awaitData(offset, maxWaitMillis);
      return;
    }
    WatchKey key = watch.poll(maxWaitMillis, TimeUnit.MILLISECONDS);
    while (key != null) {
      key.pollEvents();
      key.reset();
      changed = true;
      key = watch.poll();
    }
  }

  private WatchService watcher() {
    if (watcher != null || !Files.isDirectory(path)) {
      return watcher;
    }
    try {
      WatchService watch = path.getFileSystem().newWatchService();
      path.register(
          watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      Path manifests = path.resolve(FilesSink.MANIFEST_DIRECTORY);
      if (Files.isDirectory(manifests)) {
        manifests.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
      }
      watcher = watch;
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("Cannot watch {}; polling it instead", path, e);
    }
    return watcher;
  }

  @Override
  public void close() {
    if (watcher != null) {
      try {
        watcher.close();
      } catch (IOException e) {
        LOG.debug("Closing the watcher of {} failed", path, e);
      }
    }
  }
}
