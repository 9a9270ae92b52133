package io.sluice.connector.sink;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.connector.Connectors;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceOptions;
import io.sluice.spi.connector.StreamSink;
import io.sluice.spi.format.FileFormatWriter;
import io.sluice.spi.format.FormatContext;
import io.sluice.spi.fs.AtomicFiles;
import io.sluice.spi.fs.FileNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a query's result into a folder as JSON lines, CSV or Parquet ({@code format}), exactly
 * once, in files named {@code <prefix>-<N>.<ext>}, where the file number N is the batch id plus the
 * sink's first file number (0, unless the folder held files of a dropped sink of the same name; see
 * {@link #startFresh}).
 *
 * <p>Per batch with file number N, {@link #write} puts the batch's rows into a <em>part</em> {@code
 * _staging/<prefix>-<N>-<rows>r.<ext>} (written under a temporary name, synced, renamed; it
 * replaces an earlier part of N, and an empty batch leaves none). {@link #commit} then
 * <em>flushes</em> if the staged parts up to N hold at least {@code 'sink.rolling.min-rows'} rows:
 * they become one folder file {@code <prefix>-<N>.<ext>} (a hard link to a single part, else the
 * parts merged), the manifest {@code _sluice_manifest/<prefix>-<N>} is written naming it, and only
 * then are the parts deleted. Otherwise the parts stay staged and the batch commits with nothing
 * new visible. The files source reading the folder lists only files a manifest names, so a flush
 * becomes visible at once, with its manifest, and a crash never exposes a partial file.
 *
 * <p>Rolling ({@code 'sink.rolling.min-rows'}, default 1: each batch with rows makes its own file)
 * trades latency for fewer, larger files under a fast trigger: rows of small batches wait in
 * staging until later batches bring the total to the threshold, or until the query stops, when the
 * parts of the batches it committed are flushed.
 *
 * <p>Why exactly-once holds with rows waiting in staging: parts are durable files, deleted only
 * after a manifest covers them, so a batch whose commit the checkpoint recorded keeps its staged
 * rows through a crash. A replayed batch N writes the same part again (a batch replays with the
 * same rows); if a manifest of N or a later batch exists, N's rows are already visible and its part
 * is dropped instead. A folder file without a manifest (a crash mid-flush) is invisible and the
 * next flush, which covers the same parts, replaces it. Any decision to flush or not is therefore
 * safe to take again differently after a crash.
 *
 * <p>A new sink over a folder where a dropped sink of the same name left files must not take their
 * manifests for its own batches, nor reuse their names (a files stream that read a name never reads
 * it again). So {@link #startFresh} numbers the new sink's files on from the last manifest and
 * records that first file number in {@code _sluice_start/<prefix>}, which later runs of the same
 * sink read back. The dropped sink's committed files stay, still listed by their manifests; the
 * parts it left staged were never committed (stopping a sink flushes the parts of its committed
 * batches) and are deleted.
 *
 * <p>In complete mode (the query emits its whole result table every batch) the folder holds only
 * the latest table: each batch flushes by itself (rolling does not apply), and once the manifest of
 * batch N names its file, the files and manifests of this sink numbered below N are removed, the
 * manifest first, so a reader that lists the folder (a Parquet or Spark reader, a Sluice table)
 * finds exactly the current result table; a batch whose table is empty leaves a manifest naming no
 * file. A crash between the new manifest and the removal leaves the old table listed until the next
 * commit removes it, replayed or not.
 */
public final class FilesSink implements StreamSink {
  public static final String MANIFEST_DIRECTORY = "_sluice_manifest";
  public static final String ROLLING_MIN_ROWS_OPTION = "sink.rolling.min-rows";
  private static final String STAGING_DIRECTORY = "_staging";
  private static final String START_DIRECTORY = "_sluice_start";

  private final Path directory;
  private final Path staging;
  private final Path manifests;
  private final FileFormatWriter format;
  private final String prefix;
  private final long minRows;
  private final boolean complete;
  private final Pattern partPattern;
  private final Pattern filePattern;
  private final Pattern manifestPattern;
  private final Path startFile;

  /** File number of this sink's batch 0. */
  private long firstFile;

  /** The last file number a manifest made visible, this sink's or a dropped one's; -1 for none. */
  private long lastFlushed;

  /** The last file number {@link #commit} completed for in this process; -1 for none. */
  private long committedThrough = -1;

  /** The sink's options, with its format json when it names none. */
  private static Map<String, String> withDefaultFormat(Map<String, String> options) {
    Map<String, String> withFormat = new java.util.HashMap<>(options);
    withFormat.putIfAbsent(Connectors.FORMAT_OPTION, "json");
    return withFormat;
  }

  /**
   * @param name the writer's name (the sink's), which, encoded, prefixes its files: several writers
   *     of one folder stay apart
   */
  public FilesSink(SourceContext context, String name) {
    this(context, name, false);
  }

  /**
   * @param name the writer's name (the sink's), which, encoded, prefixes its files: several writers
   *     of one folder stay apart
   * @param complete each batch is the whole result table, replacing the previous one
   */
  public FilesSink(SourceContext context, String name, boolean complete) {
    requireNonNull(context, "context is null");
    this.complete = complete;
    // the name of a sink may hold any character: encoded, it stays a name within the folder
    this.prefix = FileNames.encode(requireNonNull(name, "name is null"));
    this.directory = context.workingDirectory().resolve(context.requiredOption("path")).normalize();
    this.staging = directory.resolve(STAGING_DIRECTORY);
    this.manifests = directory.resolve(MANIFEST_DIRECTORY);
    Map<String, String> options = withDefaultFormat(context.options());
    this.format =
        Connectors.codec(
            context.relationName(),
            options,
            "write files",
            f ->
                f.fileWriter(
                    new FormatContext(context.relationName(), context.columns(), options)));
    this.minRows = SourceOptions.positiveLong(context, ROLLING_MIN_ROWS_OPTION, 1);
    if (complete && minRows > 1) {
      // rolling several complete tables into one file would stack them
      throw new IllegalArgumentException(
          "Option '"
              + ROLLING_MIN_ROWS_OPTION
              + "' of sink '"
              + context.relationName()
              + "' cannot be used in output mode complete: each batch is the whole result table and"
              + " replaces the previous one's file");
    }
    String quoted = Pattern.quote(prefix);
    String extension = Pattern.quote("." + format.extension());
    this.partPattern = Pattern.compile(quoted + "-(\\d{10})-(\\d+)r" + extension);
    this.filePattern = Pattern.compile(quoted + "-(\\d{10})" + extension);
    this.manifestPattern = Pattern.compile(quoted + "-(\\d{10})");
    this.startFile = directory.resolve(START_DIRECTORY).resolve(prefix);
    if (Files.exists(directory) && !Files.isDirectory(directory)) {
      // read on, the numbering would start over from nothing: out of reach, not empty
      throw new UncheckedIOException(
          "Cannot open sink folder " + directory,
          new java.nio.file.NotDirectoryException(directory.toString()));
    }
    this.firstFile = readFirstFile();
    this.lastFlushed = maxNumber(manifests, manifestPattern);
  }

  /** A staged part: the rows of the batch with file number {@code number}. */
  private record Part(long number, long rows, Path path) {}

  /**
   * Numbers this sink's files on from the last one a manifest lists, so a dropped sink's batches of
   * the same name are neither taken for this one's nor overwritten, and drops the parts it left
   * staged. Running it again before the first batch gives the same numbering.
   */
  @Override
  public void startFresh() {
    try {
      for (Part part : parts(Long.MAX_VALUE)) {
        Files.delete(part.path());
      }
      long first = lastFlushed + 1;
      AtomicFiles.write(startFile, Long.toString(first).getBytes(StandardCharsets.UTF_8));
      firstFile = first;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot start sink '" + prefix + "' afresh in " + directory, e);
    }
  }

  private long readFirstFile() {
    if (!Files.exists(startFile)) {
      return 0;
    }
    try {
      return Long.parseLong(Files.readString(startFile, StandardCharsets.UTF_8).strip());
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException(
          "Sink file "
              + startFile
              + " is damaged ("
              + e
              + "); it "
              + "holds the number of the sink's first file in "
              + directory,
          e);
    }
  }

  private long number(long batchId) {
    return firstFile + batchId;
  }

  @Override
  public void write(long batchId, Batch rows) {
    long number = number(batchId);
    try {
      // a replay writes the batch again; it must not leave two parts for it
      for (Part part : parts(number)) {
        if (part.number() == number) {
          Files.delete(part.path());
        }
      }
      if (rows.rowCount() == 0) {
        return;
      }
      Path part =
          staging.resolve(
              String.format(
                  "%s-%010d-%dr.%s", prefix, number, rows.rowCount(), format.extension()));
      writeAtomically(part, file -> format.write(rows, file));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write sink file for batch " + batchId + " into " + directory, e);
    }
  }

  @Override
  public void commit(long batchId) {
    long number = number(batchId);
    try {
      Files.createDirectories(manifests);
      dropFlushedParts();
      if (complete) {
        commitTable(number);
        return;
      }
      if (number > lastFlushed) {
        List<Part> parts = parts(number);
        long rows = parts.stream().mapToLong(Part::rows).sum();
        if (!parts.isEmpty() && rows >= minRows) {
          flush(number, parts);
        }
      }
      committedThrough = number;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot commit batch " + batchId + " into " + directory, e);
    }
  }

  /**
   * Complete mode: makes batch {@code number}'s table the folder's only one. Parts of earlier
   * batches are superseded tables: they are dropped, never flushed.
   */
  private void commitTable(long number) throws IOException {
    if (number > lastFlushed) {
      Part latest = null;
      for (Part part : parts(number)) {
        if (part.number() == number) {
          latest = part;
        } else {
          Files.delete(part.path());
        }
      }
      if (latest == null) {
        // an empty result table: a manifest naming no file
        deleteUnlistedFiles();
        AtomicFiles.write(
            manifests.resolve(String.format("%s-%010d", prefix, number)), new byte[0]);
        lastFlushed = number;
      } else {
        flush(number, List.of(latest));
      }
    }
    removeSupersededTables();
    committedThrough = number;
  }

  /**
   * Complete mode: removes this sink's manifests and files numbered below the last flushed one,
   * each manifest before its file, so a reader never lists a file that is gone.
   */
  private void removeSupersededTables() throws IOException {
    for (Path manifest : matching(manifests, manifestPattern)) {
      Matcher matcher = manifestPattern.matcher(manifest.getFileName().toString());
      if (matcher.matches() && Long.parseLong(matcher.group(1)) < lastFlushed) {
        Files.delete(manifest);
      }
    }
    for (Path file : matching(directory, filePattern)) {
      Matcher matcher = filePattern.matcher(file.getFileName().toString());
      if (matcher.matches() && Long.parseLong(matcher.group(1)) < lastFlushed) {
        Files.delete(file);
      }
    }
    syncDirectory(manifests);
    syncDirectory(directory);
  }

  /**
   * Flushes what the batches committed here left staged, so rows below the rolling threshold do not
   * wait for batches that will never come.
   */
  @Override
  public void close() {
    if (complete || committedThrough <= lastFlushed) {
      return;
    }
    try {
      List<Part> parts = parts(committedThrough);
      if (!parts.isEmpty()) {
        flush(committedThrough, parts);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot flush staged rows into " + directory, e);
    }
  }

  /**
   * The last batch of this sink whose rows a manifest made visible; with rolling, later batches may
   * have committed with their rows still staged.
   */
  @Override
  public long lastCommittedBatch() {
    long last = maxNumber(manifests, manifestPattern);
    return last < firstFile ? -1 : last - firstFile;
  }

  /** Makes {@code parts} visible as the folder file numbered {@code number}. */
  private void flush(long number, List<Part> parts) throws IOException {
    String name = String.format("%s-%010d.%s", prefix, number, format.extension());
    Path target = directory.resolve(name);
    deleteUnlistedFiles();
    if (parts.size() == 1) {
      link(target, parts.get(0).path());
    } else {
      List<Path> paths = parts.stream().map(Part::path).toList();
      writeAtomically(target, file -> format.merge(paths, file));
    }
    AtomicFiles.write(
        manifests.resolve(String.format("%s-%010d", prefix, number)),
        name.getBytes(StandardCharsets.UTF_8));
    lastFlushed = number;
    for (Part part : parts) {
      Files.deleteIfExists(part.path());
    }
  }

  /** Deletes parts a manifest already covers (a crash came between manifest and deletion). */
  private void dropFlushedParts() throws IOException {
    for (Part part : parts(lastFlushed)) {
      Files.deleteIfExists(part.path());
    }
  }

  /** Deletes folder files of a flush that crashed before its manifest: nothing lists them. */
  private void deleteUnlistedFiles() throws IOException {
    for (Path file : matching(directory, filePattern)) {
      Matcher matcher = filePattern.matcher(file.getFileName().toString());
      if (matcher.matches() && Long.parseLong(matcher.group(1)) > lastFlushed) {
        Files.delete(file);
      }
    }
  }

  /** Staged parts with file numbers up to {@code maxNumber}, in order. */
  private List<Part> parts(long maxNumber) throws IOException {
    List<Part> parts = new ArrayList<>();
    for (Path file : matching(staging, partPattern)) {
      Matcher matcher = partPattern.matcher(file.getFileName().toString());
      if (matcher.matches()) {
        long number = Long.parseLong(matcher.group(1));
        if (number <= maxNumber) {
          parts.add(new Part(number, Long.parseLong(matcher.group(2)), file));
        }
      }
    }
    parts.sort(Comparator.comparingLong(Part::number));
    return parts;
  }

  private static List<Path> matching(Path folder, Pattern pattern) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(folder)) {
      return entries
          .filter(path -> pattern.matcher(path.getFileName().toString()).matches())
          .toList();
    }
  }

  private static long maxNumber(Path folder, Pattern pattern) {
    try {
      long max = -1;
      for (Path file : matching(folder, pattern)) {
        Matcher matcher = pattern.matcher(file.getFileName().toString());
        if (matcher.matches()) {
          max = Math.max(max, Long.parseLong(matcher.group(1)));
        }
      }
      return max;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Gives {@code part}'s content the name {@code target}, without copying where possible. */
  private static void link(Path target, Path part) throws IOException {
    Files.deleteIfExists(target);
    try {
      Files.createLink(target, part);
      syncDirectory(target.getParent());
    } catch (UnsupportedOperationException | IOException e) {
      writeAtomically(target, file -> Files.copy(part, file, StandardCopyOption.REPLACE_EXISTING));
    }
  }

  /** Writes a file under a hidden temporary name, syncs it, and renames it into place. */
  private static void writeAtomically(Path target, FileWriter writer) throws IOException {
    Path folder = target.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    Path temp = folder.resolve("." + target.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    writer.write(temp);
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    syncDirectory(folder);
  }

  private static void syncDirectory(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some file systems cannot open a directory for sync; the rename is still atomic there.
    }
  }

  /** Writes the content of a file at the path given. */
  @FunctionalInterface
  private interface FileWriter {
    void write(Path file) throws IOException;
  }
}
