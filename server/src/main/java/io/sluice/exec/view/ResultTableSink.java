package io.sluice.exec.view;

import static java.util.Objects.requireNonNull;

import io.sluice.exec.checkpoint.DamagedCheckpointException;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.connector.StreamSink;
import io.sluice.spi.fs.ChecksummedFiles;
import io.sluice.spi.fs.DamagedFileException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink of a materialized view's query: a batch becomes visible in the table on commit, and the
 * table as of that batch is saved under {@code table/N} in the view's checkpoint, with its CRC32C
 * (see {@link ChecksummedFiles}), so after a restart the view comes back with its content and its
 * query resumes from its checkpoint.
 *
 * <p>The saved table carries its version (the last batch applied), which makes the commit
 * idempotent: a batch replayed after a crash between this commit and {@code commits/N} is not
 * applied twice. Batches without rows change nothing and save nothing.
 *
 * <p>The two newest saves are kept. When the newest is damaged, the table comes back from the one
 * before, and {@link #resumeNoLaterThan} tells the query to resume from a checkpoint no later than
 * that save, so the batches after it are applied again; when neither is intact the view's query
 * stops, naming the file.
 */
public final class ResultTableSink implements StreamSink {
  private static final Logger LOG = LoggerFactory.getLogger(ResultTableSink.class);

  /** The folder of the checkpoint the table is saved in. */
  public static final String TABLE_FOLDER = "table";

  private final ResultTable table;
  private final Path folder;
  private final Map<Long, Batch> staged = new HashMap<>();

  /** The batches whose tables are saved now, newest last: older ones are deleted after a save. */
  private final List<Long> saved = new ArrayList<>();

  /** The version restored from an older save because the newest was damaged, or empty. */
  private OptionalLong fellBackTo = OptionalLong.empty();

  /**
   * @param checkpoint the view's checkpoint folder, where the table is saved
   * @throws DamagedCheckpointException when no saved table reads back intact
   */
  public ResultTableSink(ResultTable table, Path checkpoint) {
    this.table = requireNonNull(table, "table is null");
    this.folder = requireNonNull(checkpoint, "checkpoint is null").resolve(TABLE_FOLDER);
    restore(checkpoint);
  }

  @Override
  public void write(long batchId, Batch rows) {
    staged.put(batchId, rows);
  }

  @Override
  public void commit(long batchId) {
    Batch rows = staged.remove(batchId);
    if (rows != null && batchId > table.version()) {
      table.apply(batchId, rows);
      if (rows.rowCount() > 0) {
        save(batchId);
      }
    }
  }

  @Override
  public long lastCommittedBatch() {
    return table.version();
  }

  @Override
  public OptionalLong resumeNoLaterThan() {
    return fellBackTo;
  }

  private void save(long batchId) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      table.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Files.createDirectories(folder);
      ChecksummedFiles.write(folder.resolve(Long.toString(batchId)), bytes.toByteArray());
      saved.remove(batchId);
      saved.add(batchId);
      while (saved.size() > 2) {
        Files.deleteIfExists(folder.resolve(Long.toString(saved.remove(0))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot save the materialized view's table under " + folder, e);
    }
  }

  private void restore(Path checkpoint) {
    List<Long> batches = savedBatches();
    DamagedCheckpointException newest = null;
    for (int i = batches.size() - 1; i >= 0; i--) {
      long batch = batches.get(i);
      Path file = folder.resolve(Long.toString(batch));
      byte[] content;
      try {
        content = ChecksummedFiles.read(file, bytes -> isLegacyTable(bytes, batch));
      } catch (DamagedFileException e) {
        newest = newest != null ? newest : damaged(file, e.problem(), e, checkpoint);
        continue;
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the materialized view's table " + file, e);
      }
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(content))) {
        table.readFrom(in);
      } catch (IOException e) {
        // only a table saved before checksums gets here: its content does not read back
        newest =
            newest != null
                ? newest
                : damaged(file, "its content cannot be read: " + e, null, checkpoint);
        continue;
      }
      if (newest != null) {
        LOG.warn(
            "{}; the view's table comes back as of batch {} and its query replays the batches "
                + "after it",
            newest.getMessage(),
            batch);
        fellBackTo = OptionalLong.of(batch);
      }
      try {
        // a crash between saving a table and deleting older ones leaves more than two
        for (long older : batches.subList(0, Math.max(0, i - 1))) {
          Files.deleteIfExists(folder.resolve(Long.toString(older)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      saved.addAll(batches.subList(Math.max(0, i - 1), i + 1));
      return;
    }
    if (newest != null) {
      throw newest;
    }
  }

  private static DamagedCheckpointException damaged(
      Path file, String problem, DamagedFileException cause, Path checkpoint) {
    return new DamagedCheckpointException(file, problem, cause, checkpoint);
  }

  /** Tables saved before checksums began with their version: the batch in the file's name. */
  private static boolean isLegacyTable(byte[] bytes, long batch) {
    if (bytes.length < 12) {
      return false;
    }
    long version = 0;
    for (int i = 0; i < 8; i++) {
      version = version << 8 | (bytes[i] & 0xFF);
    }
    return version == batch;
  }

  private List<Long> savedBatches() {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.matches("[0-9]+"))
          .map(Long::parseLong)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
