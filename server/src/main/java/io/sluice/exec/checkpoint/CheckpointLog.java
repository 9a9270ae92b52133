package io.sluice.exec.checkpoint;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.spi.fs.ChecksummedFiles;
import io.sluice.spi.fs.DamagedFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A persistent query's checkpoint directory: {@code metadata}, {@code offsets/N} written before
 * batch N runs, {@code state/N} (operator state after batch N) and {@code commits/N} once the sink
 * committed it. Every file is written atomically with its CRC32C (see {@link ChecksummedFiles}), so
 * a damaged file is reported by name with both checksums instead of being read; files of the
 * previous version, without a checksum, are still read. The entries of the last {@value #KEEP}
 * committed batches before the newest stay, so a query whose newest checkpoint is damaged can fall
 * back to an older one and replay from there ({@link #resumePoint}).
 */
public final class CheckpointLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Committed batches kept before the newest: how far a query can fall back. */
  public static final int KEEP = 5;

  private final Path directory;

  public CheckpointLog(Path directory) {
    this.directory = requireNonNull(directory, "directory is null");
  }

  public Path directory() {
    return directory;
  }

  /**
   * Deletes what Sluice wrote here — metadata, offsets, commits, state and the named {@code extra}
   * folders (e.g. a view's table) — and the directory if nothing else is left in it; any other file
   * stays where it is.
   */
  public void delete(String... extra) throws IOException {
    if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<String> folders = new ArrayList<>(List.of("offsets", "commits", "state"));
    folders.addAll(List.of(extra));
    for (String folder : folders) {
      Path path = directory.resolve(folder);
      if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        try (Stream<Path> files = Files.list(path)) {
          for (Path file : (Iterable<Path>) files::iterator) {
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
              Files.delete(file);
            }
          }
        }
        deleteIfEmpty(path);
      }
    }
    Files.deleteIfExists(directory.resolve("metadata"));
    deleteIfEmpty(directory);
  }

  private static void deleteIfEmpty(Path folder) throws IOException {
    try (Stream<Path> left = Files.list(folder)) {
      if (left.findAny().isEmpty()) {
        Files.delete(folder);
      }
    }
  }

  public void writeMetadata(QueryMetadata metadata) {
    write(directory.resolve("metadata"), metadata);
  }

  /**
   * The query the checkpoint belongs to, if recorded.
   *
   * @throws DamagedCheckpointException if the file is damaged
   */
  public Optional<QueryMetadata> readMetadata() {
    Path file = directory.resolve("metadata");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(read(file, QueryMetadata.class));
    } catch (DamagedCheckpointException e) {
      throw new DamagedCheckpointException(
          file,
          e.problem(),
          e.getCause() instanceof DamagedFileException d ? d : null,
          directory,
          "restore the file from a backup, or delete it (it only records which query the "
              + "checkpoint belongs to, and is written again) and RESTART QUERY");
    }
  }

  /** Whether a batch was ever recorded here: a checkpoint without any is fresh. */
  public boolean hasBatches() {
    return latest(directory.resolve("offsets")).isPresent()
        || latest(directory.resolve("commits")).isPresent();
  }

  public void writeOffsets(BatchOffsets offsets) {
    write(offsetsFile(offsets.batchId()), offsets);
  }

  public Optional<BatchOffsets> offsets(long batchId) {
    Path file = offsetsFile(batchId);
    return Files.exists(file) ? Optional.of(read(file, BatchOffsets.class)) : Optional.empty();
  }

  public OptionalLong latestOffsetsBatch() {
    return latest(directory.resolve("offsets"));
  }

  public void writeCommit(BatchCommit commit) {
    write(commitFile(commit.batchId()), commit);
    clean(commit.batchId());
  }

  public void writeState(long batchId, byte[] state) {
    try {
      ChecksummedFiles.write(stateFile(batchId), state);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write checkpoint state of batch " + batchId, e);
    }
  }

  /** State after batch {@code batchId}, checked against its checksum; fails naming the file. */
  public byte[] readState(long batchId) {
    Path file = stateFile(batchId);
    try {
      return ChecksummedFiles.read(file, CheckpointLog::isPositionalOrSectionedState);
    } catch (NoSuchFileException e) {
      throw damaged(file, "it is missing", null);
    } catch (DamagedFileException e) {
      throw damaged(file, e.problem(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read checkpoint file " + file, e);
    }
  }

  /**
   * Where a restarted query resumes: the newest committed batch whose commit, offsets and state all
   * read back intact (or the very start, while the first batches' offsets are kept), no later than
   * {@code noLaterThan}, and the recorded batches after it, which the query replays with exactly
   * their recorded offsets. A damaged newest checkpoint is thus skipped for an older one; replaying
   * batches a sink committed already is harmless, as sinks commit each batch id once.
   *
   * @param noLaterThan the newest batch the query may resume from (see {@code
   *     StreamSink#resumeNoLaterThan}); {@code Long.MAX_VALUE} for no bound
   * @throws DamagedCheckpointException naming the newest damaged file when no intact checkpoint can
   *     be resumed from, e.g. because the offsets of a batch to replay are damaged
   */
  public ResumePoint resumePoint(long noLaterThan) {
    List<Long> commits = batches(directory.resolve("commits"));
    long planned =
        Math.max(latestOffsetsBatch().orElse(-1), commits.isEmpty() ? -1 : commits.get(0));
    List<Long> candidates = new ArrayList<>(commits);
    candidates.add(-1L); // the very start: no state, the first batch's own start offsets
    DamagedCheckpointException newestDamage = null;
    for (long candidate : candidates) {
      if (candidate > noLaterThan) {
        continue;
      }
      BatchCommit commit = null;
      BatchOffsets done = null;
      byte[] state = null;
      if (candidate >= 0) {
        try {
          commit = read(commitFile(candidate), BatchCommit.class);
          done = offsets(candidate).orElseThrow(() -> missing(offsetsFile(candidate)));
          state = readState(candidate);
        } catch (DamagedCheckpointException e) {
          newestDamage = newestDamage == null ? e : newestDamage;
          continue;
        }
      }
      List<BatchOffsets> replay = new ArrayList<>();
      for (long batch = candidate + 1; batch <= planned; batch++) {
        Path file = offsetsFile(batch);
        try {
          replay.add(offsets(batch).orElseThrow(() -> missing(file)));
        } catch (DamagedCheckpointException e) {
          // an older checkpoint would have to replay this batch too: there is nothing to fall to
          throw newestDamage == null ? e : newestDamage.withoutFallback();
        }
      }
      return new ResumePoint(commit, done, state, replay, newestDamage);
    }
    if (newestDamage != null) {
      throw newestDamage.withoutFallback();
    }
    throw new DamagedCheckpointException(
        directory,
        "no checkpoint at or before batch " + noLaterThan + " is kept any more",
        null,
        directory);
  }

  private DamagedCheckpointException missing(Path file) {
    return damaged(file, "it is missing", null);
  }

  private Path offsetsFile(long batchId) {
    return directory.resolve("offsets").resolve(Long.toString(batchId));
  }

  private Path commitFile(long batchId) {
    return directory.resolve("commits").resolve(Long.toString(batchId));
  }

  private Path stateFile(long batchId) {
    return directory.resolve("state").resolve(Long.toString(batchId));
  }

  private static OptionalLong latest(Path folder) {
    List<Long> batches = batches(folder);
    return batches.isEmpty() ? OptionalLong.empty() : OptionalLong.of(batches.get(0));
  }

  /** The batch numbers of the entries of {@code folder}, newest first. */
  private static List<Long> batches(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(folder)) {
      return entries
          .map(path -> path.getFileName().toString())
          .filter(name -> !name.isEmpty() && name.chars().allMatch(Character::isDigit))
          .map(Long::parseLong)
          .sorted(Comparator.reverseOrder())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list checkpoint folder " + folder, e);
    }
  }

  /** Removes entries older than the last few committed batches. */
  private void clean(long committed) {
    for (String folder : new String[] {"offsets", "commits", "state"}) {
      Path path = directory.resolve(folder);
      for (long batch : batches(path)) {
        if (batch < committed - KEEP) {
          try {
            Files.deleteIfExists(path.resolve(Long.toString(batch)));
          } catch (IOException e) {
            throw new UncheckedIOException("Cannot clean checkpoint folder " + path, e);
          }
        }
      }
    }
  }

  private static void write(Path file, Object value) {
    try {
      ChecksummedFiles.write(file, JSON.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write checkpoint file " + file, e);
    }
  }

  private <T> T read(Path file, Class<T> type) {
    byte[] content;
    try {
      content = ChecksummedFiles.read(file, ChecksummedFiles::isJson);
    } catch (NoSuchFileException e) {
      throw damaged(file, "it is missing", null);
    } catch (DamagedFileException e) {
      throw damaged(file, e.problem(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read checkpoint file " + file, e);
    }
    try {
      return JSON.readValue(content, type);
    } catch (IOException e) {
      throw damaged(file, "its content cannot be read: " + e.getMessage(), null);
    }
  }

  /** State files before checksums began with their format, 1 or 2, as a big-endian int. */
  private static boolean isPositionalOrSectionedState(byte[] bytes) {
    return bytes.length >= 4
        && bytes[0] == 0
        && bytes[1] == 0
        && bytes[2] == 0
        && (bytes[3] == 1 || bytes[3] == 2);
  }

  private DamagedCheckpointException damaged(
      Path file, String problem, DamagedFileException cause) {
    return new DamagedCheckpointException(file, problem, cause, directory);
  }
}
