package io.sluice.connector.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connector.JavaRows;
import io.sluice.connector.files.FilesOffset;
import io.sluice.connector.files.FilesSource;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceMetrics;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The files sink's staging, manifest and rolling protocol: what a reader of the folder sees after
 * each step, and after a "crash" (a new sink instance on the same folder, the driver replaying the
 * uncommitted batch) at each point of a flush.
 */
class FilesSinkTest {
  private static final List<Column> COLUMNS =
      List.of(Column.of("id", ColumnType.BIGINT), Column.of("name", ColumnType.VARCHAR));

  @TempDir Path dir;

  private SourceContext context(String format, String... options) {
    Map<String, String> map = new HashMap<>();
    map.put("connector", "files");
    map.put("path", "out");
    map.put("format", format);
    for (int i = 0; i < options.length; i += 2) {
      map.put(options[i], options[i + 1]);
    }
    return new SourceContext("results", COLUMNS, map, dir, new SourceMetrics());
  }

  private FilesSink sink(String format, long minRows) {
    return new FilesSink(
        context(format, FilesSink.ROLLING_MIN_ROWS_OPTION, String.valueOf(minRows)), "q");
  }

  /** Rows {@code from .. from+count-1}, for batch contents that tell batches apart. */
  private static Batch rows(int from, int count) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      rows.add(new Object[] {(long) i, "n" + i});
    }
    return JavaRows.toBatch(COLUMNS, rows);
  }

  /** Ids a files source over the folder reads now, sorted. */
  private List<Long> visibleIds(String format) {
    return FilesSource.readAll(context(format)).rows().stream()
        .map(row -> (Long) row[0])
        .sorted()
        .toList();
  }

  private List<String> visibleFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("out"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(f -> !f.startsWith("_") && !f.startsWith("."))
          .sorted()
          .toList();
    }
  }

  private static void run(FilesSink sink, long batchId, Batch rows) {
    sink.write(batchId, rows);
    sink.commit(batchId);
  }

  private static List<Long> range(long from, long toExclusive) {
    List<Long> ids = new ArrayList<>();
    for (long i = from; i < toExclusive; i++) {
      ids.add(i);
    }
    return ids;
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "csv", "parquet"})
  void byDefaultEachBatchWithRowsBecomesOneFileWhenCommitted(String format) throws Exception {
    FilesSink sink = sink(format, 1);

    sink.write(0, rows(0, 2));
    assertThat(visibleIds(format)).isEmpty();
    sink.commit(0);
    assertThat(visibleIds(format)).containsExactly(0L, 1L);
    run(sink, 1, rows(2, 0));
    run(sink, 2, rows(2, 1));

    assertThat(visibleIds(format)).containsExactly(0L, 1L, 2L);
    assertThat(visibleFiles()).containsExactly("q-0000000000." + format, "q-0000000002." + format);
    assertThat(sink.lastCommittedBatch()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"json", "csv", "parquet"})
  void smallBatchesWaitInStagingAndRollIntoOneFile(String format) throws Exception {
    FilesSink sink = sink(format, 5);

    run(sink, 0, rows(0, 2));
    run(sink, 1, rows(2, 0));
    run(sink, 2, rows(2, 2));
    assertThat(visibleIds(format)).isEmpty();
    run(sink, 3, rows(4, 2));

    assertThat(visibleIds(format)).isEqualTo(range(0, 6));
    assertThat(visibleFiles()).containsExactly("q-0000000003." + format);
    run(sink, 4, rows(6, 4));
    assertThat(visibleIds(format)).isEqualTo(range(0, 6));
    run(sink, 5, rows(10, 5));
    assertThat(visibleIds(format)).isEqualTo(range(0, 15));
    assertThat(visibleFiles()).containsExactly("q-0000000003." + format, "q-0000000005." + format);
  }

  @Test
  void stagedRowsSurviveARestartAndJoinTheNextFlush() {
    run(sink("json", 4), 0, rows(0, 3));
    // the checkpoint recorded batch 0; the process dies; batch 1 runs on a new sink
    FilesSink restarted = sink("json", 4);
    assertThat(visibleIds("json")).isEmpty();
    run(restarted, 1, rows(3, 1));

    assertThat(visibleIds("json")).isEqualTo(range(0, 4));
  }

  @Test
  void closingFlushesWhatCommittedBatchesStagedButNotAnUncommittedBatch() {
    FilesSink sink = sink("json", 100);
    run(sink, 0, rows(0, 2));
    run(sink, 1, rows(2, 2));
    sink.write(2, rows(4, 2));

    sink.close();

    assertThat(visibleIds("json")).isEqualTo(range(0, 4));
    // batch 2 is replayed after the restart and committed then
    FilesSink restarted = sink("json", 1);
    run(restarted, 2, rows(4, 2));
    assertThat(visibleIds("json")).isEqualTo(range(0, 6));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "after-file-before-manifest",
        "after-manifest-before-cleanup",
        "after-sink-commit"
      })
  void replayingABatchAfterACrashMidFlushLeavesEachRowOnce(String crash) throws Exception {
    FilesSink sink = sink("parquet", 5);
    run(sink, 0, rows(0, 3));
    sink.write(1, rows(3, 3));
    Path out = dir.resolve("out");
    Path staged = snapshot(out.resolve("_staging"));
    sink.commit(1);
    assertThat(visibleIds("parquet")).isEqualTo(range(0, 6));

    // Rebuild the folder as the crash left it, then replay batch 1 on a new sink.
    switch (crash) {
      case "after-file-before-manifest":
        Files.delete(out.resolve("_sluice_manifest").resolve("q-0000000001"));
        restore(staged, out.resolve("_staging"));
        assertThat(visibleIds("parquet")).isEmpty();
        break;
      case "after-manifest-before-cleanup":
        restore(staged, out.resolve("_staging"));
        break;
      default:
        break;
    }
    FilesSink restarted = sink("parquet", 5);
    run(restarted, 1, rows(3, 3));
    run(restarted, 2, rows(6, 5));

    assertThat(visibleIds("parquet")).isEqualTo(range(0, 11));
    assertThat(visibleFiles()).containsExactly("q-0000000001.parquet", "q-0000000002.parquet");
    try (Stream<Path> left = Files.list(out.resolve("_staging"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aFlushThatCrashedBeforeItsManifestIsReplacedEvenIfTheReplayDoesNotFlush() throws Exception {
    FilesSink sink = sink("json", 5);
    run(sink, 0, rows(0, 3));
    sink.write(1, rows(3, 3));
    Path out = dir.resolve("out");
    Path staged = snapshot(out.resolve("_staging"));
    sink.commit(1);
    Files.delete(out.resolve("_sluice_manifest").resolve("q-0000000001"));
    restore(staged, out.resolve("_staging"));

    // Replayed with a higher threshold, batch 1 no longer flushes; the orphan stays invisible.
    FilesSink restarted = sink("json", 10);
    run(restarted, 1, rows(3, 3));
    assertThat(visibleIds("json")).isEmpty();
    run(restarted, 2, rows(6, 4));

    assertThat(visibleIds("json")).isEqualTo(range(0, 10));
    assertThat(visibleFiles()).containsExactly("q-0000000002.json");
  }

  /**
   * DROP SINK and CREATE SINK of the same name over the same folder: the new sink starts afresh at
   * batch 0, its files are numbered on after the dropped sink's, which stay visible.
   */
  @ParameterizedTest
  @ValueSource(strings = {"json", "parquet"})
  void aNewSinkOfADroppedOnesNameAddsItsFilesAfterTheOldOnes(String format) throws Exception {
    FilesSink dropped = sink(format, 1);
    run(dropped, 0, rows(0, 2));
    run(dropped, 1, rows(2, 1));
    dropped.write(2, rows(100, 5));
    dropped.close();
    FilesSource reader = new FilesSource(context(format));
    FilesOffset readBefore = reader.latestOffset(reader.initialOffset());

    FilesSink created = sink(format, 1);
    created.startFresh();
    assertThat(created.lastCommittedBatch()).isEqualTo(-1);
    run(created, 0, rows(10, 2));
    run(created, 1, rows(12, 0));
    run(created, 2, rows(14, 1));

    // batch 2 of the dropped sink never committed: its staged rows are gone
    assertThat(visibleIds(format)).containsExactly(0L, 1L, 2L, 10L, 11L, 14L);
    assertThat(visibleFiles())
        .containsExactly(
            "q-0000000000." + format,
            "q-0000000001." + format,
            "q-0000000002." + format,
            "q-0000000004." + format);
    assertThat(created.lastCommittedBatch()).isEqualTo(2);
    // a stream that read the dropped sink's files goes on with the new ones
    FilesOffset readAfter = reader.latestOffset(readBefore);
    assertThat(reader.read(readBefore, readAfter).rows())
        .extracting(row -> row[0])
        .containsExactly(10L, 11L, 14L);

    // the new sink restarted: same numbering, so its replayed batch 2 is recognised
    FilesSink restarted = sink(format, 1);
    assertThat(restarted.lastCommittedBatch()).isEqualTo(2);
    run(restarted, 2, rows(14, 1));
    run(restarted, 3, rows(15, 1));
    assertThat(visibleIds(format)).containsExactly(0L, 1L, 2L, 10L, 11L, 14L, 15L);
  }

  @Test
  void invalidRollingThresholdIsRejected() {
    assertThatThrownBy(
            () -> new FilesSink(context("json", FilesSink.ROLLING_MIN_ROWS_OPTION, "0"), "q"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'sink.rolling.min-rows'")
        .hasMessageContaining("a positive integer");
    assertThatThrownBy(() -> new FilesSink(context("avro"), "q"))
        .hasMessageContaining("Format 'avro' cannot write files")
        .hasMessageContaining("formats that can: csv, json, parquet");
  }

  /** A copy of {@code folder}'s files, to put back what a crash would have left. */
  private Path snapshot(Path folder) throws IOException {
    Path copy = Files.createTempDirectory(dir, "snapshot");
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.copy(file, copy.resolve(file.getFileName()));
      }
    }
    return copy;
  }

  private static void restore(Path snapshot, Path folder) throws IOException {
    try (Stream<Path> files = Files.list(snapshot)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.naturalOrder())::iterator) {
        Files.copy(
            file,
            folder.resolve(file.getFileName()),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /** The ids in every Parquet file of the folder a plain reader lists (no manifest consulted). */
  private List<Long> idsAPlainParquetReaderSees() throws IOException {
    List<Long> ids = new ArrayList<>();
    for (String name : visibleFiles()) {
      try (ParquetFileReader reader =
          ParquetFileReader.open(new LocalInputFile(dir.resolve("out").resolve(name)))) {
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        PageReadStore pages;
        while ((pages = reader.readNextRowGroup()) != null) {
          RecordReader<Group> records =
              new ColumnIOFactory()
                  .getColumnIO(schema)
                  .getRecordReader(pages, new GroupRecordConverter(schema));
          for (long r = 0; r < pages.getRowCount(); r++) {
            ids.add(records.read().getLong("id", 0));
          }
        }
      }
    }
    return ids.stream().sorted().toList();
  }

  @Test
  void completeModeLeavesExactlyTheLatestTableInTheFolder() throws Exception {
    SourceContext parquet = context("parquet");
    try (FilesSink sink = new FilesSink(parquet, "q", true)) {
      sink.startFresh();
      sink.write(0, rows(0, 3));
      sink.commit(0);
      assertThat(idsAPlainParquetReaderSees()).containsExactly(0L, 1L, 2L);
      sink.write(1, rows(10, 2));
      // not committed yet: readers still see batch 0's table
      assertThat(idsAPlainParquetReaderSees()).containsExactly(0L, 1L, 2L);
      sink.commit(1);
      assertThat(idsAPlainParquetReaderSees()).containsExactly(10L, 11L);
      assertThat(visibleFiles()).hasSize(1);
      sink.write(2, rows(20, 4));
      sink.commit(2);
      assertThat(idsAPlainParquetReaderSees()).containsExactly(20L, 21L, 22L, 23L);
      sink.write(3, rows(30, 1));
      // the server dies before committing batch 3
    }
    try (FilesSink sink = new FilesSink(parquet, "q", true)) {
      assertThat(sink.lastCommittedBatch()).isEqualTo(2);
      sink.write(3, rows(30, 1));
      sink.commit(3);
      assertThat(idsAPlainParquetReaderSees()).containsExactly(30L);
      assertThat(visibleIds("parquet")).containsExactly(30L);
      // an empty result table leaves no file
      sink.write(4, rows(0, 0));
      sink.commit(4);
      assertThat(visibleFiles()).isEmpty();
      assertThat(visibleIds("parquet")).isEmpty();
      sink.write(5, rows(50, 2));
      sink.commit(5);
      assertThat(idsAPlainParquetReaderSees()).containsExactly(50L, 51L);
      assertThat(visibleIds("parquet")).containsExactly(50L, 51L);
    }
    assertThatThrownBy(
            () ->
                new FilesSink(
                    context("parquet", FilesSink.ROLLING_MIN_ROWS_OPTION, "2"), "q", true))
        .hasMessageContaining("cannot be used in output mode complete");
  }
}
