package io.sluice.exec.checkpoint;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import io.sluice.spi.fs.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A persistent query's checkpoint directory: {@code metadata}, {@code offsets/N} written before
 * batch N runs, {@code state/N} (operator state after batch N) and {@code commits/N} once the sink
 * committed it. Every file is written atomically; old entries are removed so the directory stays
 * small. A file that cannot be read is reported by name, never skipped.
 */
public final class CheckpointLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int KEEP = 5;

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
    if (!Files.isDirectory(directory, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<String> folders = new java.util.ArrayList<>(List.of("offsets", "commits", "state"));
    folders.addAll(List.of(extra));
    for (String folder : folders) {
      Path path = directory.resolve(folder);
      if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        try (java.util.stream.Stream<Path> files = Files.list(path)) {
          for (Path file : (Iterable<Path>) files::iterator) {
            if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
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
    try (java.util.stream.Stream<Path> left = Files.list(folder)) {
      if (left.findAny().isEmpty()) {
        Files.delete(folder);
      }
    }
  }

  public void writeMetadata(QueryMetadata metadata) {
    write(directory.resolve("metadata"), metadata);
  }

  public Optional<QueryMetadata> readMetadata() {
    Path file = directory.resolve("metadata");
    return Files.exists(file) ? Optional.of(read(file, QueryMetadata.class)) : Optional.empty();
  }

  public void writeOffsets(BatchOffsets offsets) {
    write(directory.resolve("offsets").resolve(Long.toString(offsets.batchId())), offsets);
  }

  public Optional<BatchOffsets> offsets(long batchId) {
    Path file = directory.resolve("offsets").resolve(Long.toString(batchId));
    return Files.exists(file) ? Optional.of(read(file, BatchOffsets.class)) : Optional.empty();
  }

  public OptionalLong latestOffsetsBatch() {
    return latest(directory.resolve("offsets"));
  }

  public void writeCommit(BatchCommit commit) {
    write(directory.resolve("commits").resolve(Long.toString(commit.batchId())), commit);
    clean(commit.batchId());
  }

  public Optional<BatchCommit> latestCommit() {
    OptionalLong latest = latest(directory.resolve("commits"));
    if (latest.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        read(
            directory.resolve("commits").resolve(Long.toString(latest.getAsLong())),
            BatchCommit.class));
  }

  public void writeState(long batchId, byte[] state) {
    try {
      AtomicFiles.write(directory.resolve("state").resolve(Long.toString(batchId)), state);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write checkpoint state of batch " + batchId, e);
    }
  }

  /** State after batch {@code batchId}; fails naming the file if it is missing. */
  public byte[] readState(long batchId) {
    Path file = directory.resolve("state").resolve(Long.toString(batchId));
    if (!Files.exists(file)) {
      throw damaged(file, "missing");
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw damaged(file, e.toString());
    }
  }

  public boolean hasState(long batchId) {
    return Files.exists(directory.resolve("state").resolve(Long.toString(batchId)));
  }

  private static OptionalLong latest(Path folder) {
    if (!Files.isDirectory(folder)) {
      return OptionalLong.empty();
    }
    try (Stream<Path> entries = Files.list(folder)) {
      return entries
          .map(path -> path.getFileName().toString())
          .filter(name -> name.chars().allMatch(Character::isDigit))
          .mapToLong(Long::parseLong)
          .max();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list checkpoint folder " + folder, e);
    }
  }

  /** Removes entries older than the last few committed batches. */
  private void clean(long committed) {
    for (String folder : new String[] {"offsets", "commits", "state"}) {
      Path path = directory.resolve(folder);
      if (!Files.isDirectory(path)) {
        continue;
      }
      try (Stream<Path> entries = Files.list(path)) {
        for (Path entry : (Iterable<Path>) entries::iterator) {
          String name = entry.getFileName().toString();
          if (name.chars().allMatch(Character::isDigit)
              && Long.parseLong(name) < committed - KEEP) {
            Files.deleteIfExists(entry);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot clean checkpoint folder " + path, e);
      }
    }
  }

  private static void write(Path file, Object value) {
    try {
      AtomicFiles.write(file, JSON.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write checkpoint file " + file, e);
    }
  }

  private static <T> T read(Path file, Class<T> type) {
    try {
      return JSON.readValue(file.toFile(), type);
    } catch (IOException e) {
      throw damaged(file, e.getMessage());
    }
  }

  private static SluiceException damaged(Path file, String problem) {
    return new SluiceException(
        ErrorCode.QUERY_FAILED,
        "Checkpoint file "
            + file
            + " is damaged ("
            + problem
            + "); restore it or remove the "
            + "checkpoint directory "
            + file.getParent().getParent()
            + " to start the query over");
  }
}
