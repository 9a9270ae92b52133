package io.sluice.connector.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sluice.connector.JavaRows;
import io.sluice.connector.parquet.AvroSchemas;
import io.sluice.connector.parquet.ParquetFiles;
import io.sluice.connector.parquet.ParquetRows;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.connector.DeadLetter;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceMetrics;
import io.sluice.spi.connector.SourceOffset;
import io.sluice.spi.connector.SourceReadException;
import io.sluice.spi.connector.StreamSource;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class FilesSourceTest {
  private static final List<Column> ID_NAME =
      List.of(Column.of("id", ColumnType.BIGINT), Column.of("name", ColumnType.VARCHAR));
  private static final List<Column> ALL_TYPES =
      List.of(
          Column.of("b", ColumnType.BOOLEAN),
          Column.of("ti", ColumnType.TINYINT),
          Column.of("si", ColumnType.SMALLINT),
          Column.of("i", ColumnType.INTEGER),
          Column.of("bi", ColumnType.BIGINT),
          Column.of("r", ColumnType.REAL),
          Column.of("d", ColumnType.DOUBLE),
          new Column("dec", ColumnType.DECIMAL, 10, 2, true),
          Column.of("s", ColumnType.VARCHAR),
          Column.of("dt", ColumnType.DATE),
          Column.of("tm", ColumnType.TIME),
          Column.of("ts", ColumnType.TIMESTAMP));

  @TempDir Path dir;
  private final SourceMetrics metrics = new SourceMetrics();
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger sourceLogger = (Logger) LoggerFactory.getLogger(FilesSource.class);

  @BeforeEach
  void captureLog() {
    log.start();
    sourceLogger.addAppender(log);
  }

  @AfterEach
  void releaseLog() {
    sourceLogger.detachAppender(log);
  }

  private final List<DeadLetter> deadLetters = new ArrayList<>();

  private SourceContext context(List<Column> columns, String... options) {
    Map<String, String> map = new HashMap<>();
    map.put("connector", "files");
    map.put("path", "in");
    map.put("format", "json");
    for (int i = 0; i < options.length; i += 2) {
      map.put(options[i], options[i + 1]);
    }
    return new SourceContext("events", columns, map, dir, metrics, deadLetters::add);
  }

  private Path write(String name, String... lines) throws IOException {
    Path file = dir.resolve("in").resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  /** Reads one trigger's worth after {@code start}; returns the new offset and its rows. */
  private static List<Object[]> readNext(
      FilesSource source, FilesOffset start, List<FilesOffset> offsets) {
    FilesOffset end = source.latestOffset(start);
    offsets.add(end);
    return source.read(start, end).rows();
  }

  private static List<Object[]> readAllNow(FilesSource source) {
    FilesOffset start = source.initialOffset();
    return source.read(start, source.latestOffset(start)).rows();
  }

  @Test
  void readsEveryTypeAndTimestampFormFromJson() throws IOException {
    write(
        "a.json",
        "{\"b\": true, \"ti\": 1, \"si\": 2, \"i\": 3, \"bi\": 4, \"r\": 0.5, \"d\": 0.25,"
            + " \"dec\": 1.005, \"s\": \"x\", \"dt\": \"2026-01-01\", \"tm\": \"12:00:01.5\","
            + " \"ts\": \"2026-01-01 00:00:01.5\"}",
        "{\"ts\": \"2026-01-01T00:00:01.5Z\"}",
        "{\"ts\": \"2026-01-01T02:00:01.5+02:00\"}",
        "{\"ts\": \"2026-01-01T00:00:01.5\"}",
        "{\"ts\": 1767225601500}");

    List<Object[]> rows = readAllNow(new FilesSource(context(ALL_TYPES)));

    long ts = Instant.parse("2026-01-01T00:00:01.500Z").toEpochMilli();
    assertThat(rows.get(0))
        .containsExactly(
            1L,
            1L,
            2L,
            3L,
            4L,
            0.5d,
            0.25d,
            new BigDecimal("1.01"),
            "x",
            LocalDate.parse("2026-01-01").toEpochDay(),
            LocalTime.parse("12:00:01.500").toNanoOfDay() / 1_000_000,
            ts);
    assertThat(rows).hasSize(5).allSatisfy(row -> assertThat(row[11]).isEqualTo(ts));
    assertThat(metrics.rowsRead()).isEqualTo(5);
  }

  @Test
  void readsEveryTypeAndTimestampFormFromCsvSkippingHeaders() throws IOException {
    write(
        "a.csv",
        "b,ti,si,i,bi,r,d,dec,s,dt,tm,ts",
        "true,1,2,3,4,0.5,0.25,1.005,\"x, y\",2026-01-01,12:00:01.5,2026-01-01 00:00:01.5",
        ",,,,,,,,,,,2026-01-01T00:00:01.5Z",
        ",,,,,,,,,,,2026-01-01T02:00:01.5+02:00",
        ",,,,,,,,,,,2026-01-01T00:00:01.5",
        ",,,,,,,,,,,1767225601500");
    write("b.csv", "b,ti,si,i,bi,r,d,dec,s,dt,tm,ts", "false,,,,,,,,,,,");

    List<Object[]> rows =
        readAllNow(new FilesSource(context(ALL_TYPES, "format", "csv", "csv.header", "true")));

    long ts = Instant.parse("2026-01-01T00:00:01.500Z").toEpochMilli();
    assertThat(rows).hasSize(6);
    assertThat(rows.get(0))
        .containsExactly(
            1L,
            1L,
            2L,
            3L,
            4L,
            0.5d,
            0.25d,
            new BigDecimal("1.01"),
            "x, y",
            LocalDate.parse("2026-01-01").toEpochDay(),
            LocalTime.parse("12:00:01.500").toNanoOfDay() / 1_000_000,
            ts);
    assertThat(rows.subList(0, 5)).allSatisfy(row -> assertThat(row[11]).isEqualTo(ts));
    assertThat(rows.get(1))
        .containsExactly(null, null, null, null, null, null, null, null, "", null, null, ts);
    assertThat(rows.get(5))
        .containsExactly(0L, null, null, null, null, null, null, null, "", null, null, null);
  }

  @Test
  void csvWithoutHeaderOptionReadsFirstLineAsData() throws IOException {
    write("a.csv", "1,one", "2,two");

    assertThat(readAllNow(new FilesSource(context(ID_NAME, "format", "csv"))))
        .containsExactly(new Object[] {1L, "one"}, new Object[] {2L, "two"});
  }

  @Test
  void readsNewFilesInNameOrder() throws IOException {
    write("b.json", "{\"id\": 2}");
    write("c.json", "{\"id\": 3}");
    write("a.json", "{\"id\": 1}");
    FilesSource source = new FilesSource(context(ID_NAME));

    FilesOffset first = source.latestOffset(source.initialOffset());
    assertThat(first.files()).containsExactly("a.json", "b.json", "c.json");
    assertThat(source.read(source.initialOffset(), first).rows())
        .extracting(row -> row[0])
        .containsExactly(1L, 2L, 3L);

    write("0-late-but-first-by-name.json", "{\"id\": 0}");
    write("d.json", "{\"id\": 4}");
    FilesOffset second = source.latestOffset(first);
    assertThat(second.filesAfter(first)).containsExactly("0-late-but-first-by-name.json", "d.json");
    assertThat(source.read(first, second).rows()).extracting(row -> row[0]).containsExactly(0L, 4L);
  }

  @Test
  void aSinksFolderListsTheFilesItsManifestsNameAsManifestsComeAndGo() throws IOException {
    write("q-1.json", "{\"id\": 1}");
    // a flush under way: its file is there, its manifest not yet
    write("q-2.json", "{\"id\": 2}");
    write("_sluice_manifest/q-0000000001", "q-1.json");
    FilesSource source = new FilesSource(context(ID_NAME));
    FilesOffset first = source.latestOffset(source.initialOffset());
    assertThat(first.files()).containsExactly("q-1.json");

    // a manifest read while its file is not in the folder, then removed before the file lands
    write("_sluice_manifest/q-0000000003", "q-3.json");
    FilesOffset second = source.latestOffset(first);
    assertThat(second.filesAfter(first)).isEmpty();
    Files.delete(dir.resolve("in/_sluice_manifest/q-0000000003"));
    write("q-3.json", "{\"id\": 3}");
    write("_sluice_manifest/q-0000000002", "q-2.json");
    FilesOffset third = source.latestOffset(second);
    assertThat(third.filesAfter(second)).containsExactly("q-2.json");
    assertThat(source.read(second, third).rows()).extracting(row -> row[0]).containsExactly(2L);
  }

  @Test
  void filesLandingInNameOrderWhileTheFolderIsReadAreTakenInThatOrder() throws Exception {
    // a folder of many entries: ext4 lists them in hash order, so a read racing a rename may
    // return a newer file and miss an older one; taken alone, the newer file's event times would
    // make the older one's rows late
    for (int i = 0; i < 3000; i++) {
      write(String.format("%08d.json", i), "{\"id\": " + i + "}");
    }
    FilesSource source = new FilesSource(context(ID_NAME));
    AtomicInteger landed = new AtomicInteger(3000);
    AtomicBoolean landing = new AtomicBoolean(true);
    Thread lander =
        new Thread(
            () -> {
              try {
                while (landing.get()) {
                  int next = landed.get();
                  Path staging = write(String.format(".%08d.tmp", next), "{\"id\": " + next + "}");
                  Files.move(
                      staging,
                      staging.resolveSibling(String.format("%08d.json", next)),
                      StandardCopyOption.ATOMIC_MOVE);
                  landed.incrementAndGet();
                  LockSupport.parkNanos(500_000);
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    lander.start();
    try {
      FilesOffset offset = FilesOffset.EMPTY;
      int reads = 0;
      long deadline = System.currentTimeMillis() + 3_000;
      while (System.currentTimeMillis() < deadline || reads < 20) {
        offset = source.latestOffset(offset);
        reads++;
        int taken = offset.files().size();
        // every file up to the newest one taken, none skipped
        assertThat(offset.files().last())
            .as("read " + reads)
            .isEqualTo(String.format("%08d.json", taken - 1));
      }
      assertThat(offset.files().size()).isGreaterThan(3000);
    } finally {
      landing.set(false);
      lander.join();
    }
  }

  @Test
  void anIdleSourceThatStoppedListingStillTakesAFileLandingLater() throws Exception {
    write("a.json", "{\"id\": 1}");
    FilesSource source = new FilesSource(context(ID_NAME));
    FilesOffset first = source.latestOffset(FilesOffset.EMPTY);
    // nothing new, asked again and again as an idle query does: the folder is watched, not listed
    for (int i = 0; i < 5; i++) {
      assertThat(source.latestOffset(first)).isEqualTo(first);
    }
    Path staging = write(".b.json.tmp", "{\"id\": 2}");
    Files.move(staging, staging.resolveSibling("b.json"), StandardCopyOption.ATOMIC_MOVE);

    FilesOffset next = first;
    long deadline = System.currentTimeMillis() + 10_000;
    while (next.equals(first) && System.currentTimeMillis() < deadline) {
      next = source.latestOffset(first);
    }
    assertThat(next.filesAfter(first)).containsExactly("b.json");
    assertThat(source.read(first, next).rows()).extracting(row -> row[0]).containsExactly(2L);
    source.close();
  }

  @Test
  void maxFilesPerTriggerBoundsEachStep() throws IOException {
    for (int i = 1; i <= 5; i++) {
      write("f" + i + ".json", "{\"id\": " + i + "}");
    }
    FilesSource source = new FilesSource(context(ID_NAME, "max-files-per-trigger", "2"));
    List<FilesOffset> offsets = new ArrayList<>();

    assertThat(readNext(source, FilesOffset.EMPTY, offsets))
        .extracting(row -> row[0])
        .containsExactly(1L, 2L);
    assertThat(readNext(source, offsets.get(0), offsets))
        .extracting(row -> row[0])
        .containsExactly(3L, 4L);
    assertThat(readNext(source, offsets.get(1), offsets))
        .extracting(row -> row[0])
        .containsExactly(5L);
    assertThat(source.latestOffset(offsets.get(2))).isEqualTo(offsets.get(2));
    assertThat(source.read(offsets.get(2), offsets.get(2)).rowCount()).isZero();
  }

  @Test
  void readsABigFileInPartsOfAtMostMaxBytesPerTriggerEveryLineOnce() throws IOException {
    String[] lines = new String[500];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = "{\"id\": " + i + ", \"name\": \"" + "x".repeat(i % 17) + "\"}";
    }
    write("big.json", lines);
    write("small.json", "{\"id\": 500}");
    FilesSource source = new FilesSource(context(ID_NAME, "max-bytes-per-trigger", "1000"));
    List<FilesOffset> offsets = new ArrayList<>();
    List<Object> ids = new ArrayList<>();
    FilesOffset start = FilesOffset.EMPTY;
    for (int batch = 0; batch < 100; batch++) {
      List<Object[]> rows = readNext(source, start, offsets);
      FilesOffset end = offsets.get(offsets.size() - 1);
      if (end.equals(start)) {
        break;
      }
      // a batch ends after at most one line past its budget
      assertThat(rows.size()).isLessThanOrEqualTo(1000 / 14 + 1);
      // as after a restart: the offset read back from its JSON
      start = source.parseOffset(end.toJson());
      rows.forEach(row -> ids.add(row[0]));
    }

    assertThat(offsets.size()).isGreaterThan(10);
    List<Object> expected = new ArrayList<>();
    for (long i = 0; i <= 500; i++) {
      expected.add(i);
    }
    assertThat(ids).isEqualTo(expected);
    assertThat(start.files()).containsExactly("big.json", "small.json");
    assertThat(start.partialFile()).isNull();
  }

  @Test
  void splitsShareABatchsBytesSoEverySubtaskDecodesPartOfOneBigFile() throws IOException {
    // over a mebibyte per split: a batch's bytes are shared, also within one file
    int big = (int) (5 * FilesSource.MIN_SPLIT_BYTES / 20);
    String[] lines = new String[big];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = String.format("{\"id\": %12d}", i);
    }
    write("a.json", lines);
    write("b.json", "{\"id\": " + big + "}", "{\"id\": " + (big + 1) + "}");
    write("c.json");
    FilesSource source = new FilesSource(context(ID_NAME));
    FilesOffset end = source.latestOffset(FilesOffset.EMPTY);
    int all = big + 2;

    for (int splits = 1; splits <= 5; splits++) {
      List<Object> ids = new ArrayList<>();
      List<Integer> sizes = new ArrayList<>();
      for (int split = 0; split < splits; split++) {
        List<Object[]> rows = source.read(FilesOffset.EMPTY, end, split, splits).rows();
        sizes.add(rows.size());
        rows.forEach(row -> ids.add(row[0]));
      }
      assertThat(ids).as("%d splits", splits).hasSize(all).doesNotHaveDuplicates();
      // by bytes, not by file: no split is left with nothing of the big file
      int fair = all / splits;
      assertThat(sizes).as("%d splits", splits).allMatch(size -> size > fair / 2);
    }
  }

  @Test
  void smallBatchesGoToTheSplitsFileByFile() throws IOException {
    write("a.json", "{\"id\": 1}", "{\"id\": 2}");
    write("b.json", "{\"id\": 3}");
    FilesSource source = new FilesSource(context(ID_NAME));
    FilesOffset end = source.latestOffset(FilesOffset.EMPTY);

    assertThat(source.read(FilesOffset.EMPTY, end, 0, 2).rows())
        .extracting(row -> row[0])
        .containsExactly(1L, 2L);
    assertThat(source.read(FilesOffset.EMPTY, end, 1, 2).rows())
        .extracting(row -> row[0])
        .containsExactly(3L);
  }

  @Test
  void ignoresFilesStillBeingWrittenUntilRenamed() throws IOException {
    write("a.json", "{\"id\": 1}");
    Path inProgress = write("_b.json", "{\"id\": 2}");
    write(".b.json.crc", "garbage");
    write(".hidden.json", "{\"id\": 3}");
    Files.createDirectories(dir.resolve("in").resolve("subdir.json"));
    FilesSource source = new FilesSource(context(ID_NAME, "on-error", "fail"));

    FilesOffset first = source.latestOffset(FilesOffset.EMPTY);
    assertThat(first.files()).containsExactly("a.json");
    assertThat(source.latestOffset(first)).isEqualTo(first);

    Files.move(inProgress, inProgress.resolveSibling("b.json"));
    FilesOffset second = source.latestOffset(first);
    assertThat(second.filesAfter(first)).containsExactly("b.json");
    assertThat(source.read(first, second).rows()).containsExactly(new Object[] {2L, null});
  }

  @Test
  void skipsBadRecordsCountingAndLoggingEachWithFileAndLine() throws IOException {
    write(
        "a.json",
        "{\"id\": 1, \"name\": \"one\"}",
        "{\"id\": \"not a number\", \"name\": \"bad\"}",
        "{\"id\": 3, \"name\": \"three\"}",
        "{\"id\": 4, \"name\": \"trunc",
        "{\"id\": 5, \"name\": \"five\"}");
    write("b.json", "[]", "{\"id\": 6}");
    FilesSource source = new FilesSource(context(ID_NAME));

    List<Object[]> rows = readAllNow(source);

    assertThat(rows)
        .containsExactly(
            new Object[] {1L, "one"},
            new Object[] {3L, "three"},
            new Object[] {5L, "five"},
            new Object[] {6L, null});
    assertThat(metrics.badRecords()).isEqualTo(3);
    assertThat(metrics.rowsRead()).isEqualTo(4);
    assertThat(log.list).extracting(ILoggingEvent::getLevel).containsOnly(Level.WARN);
    assertThat(log.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .satisfiesExactly(
            m ->
                assertThat(m)
                    .contains("'events'", "a.json", "line 2", "Column 'id' expects BIGINT"),
            m -> assertThat(m).contains("'events'", "a.json", "line 4", "Malformed JSON"),
            m -> assertThat(m).contains("'events'", "b.json", "line 1", "Expected a JSON object"));
  }

  @Test
  void skipsCsvRecordsOfWrongArity() throws IOException {
    write("a.csv", "1,one", "2", "3,three,extra", "4,four");
    FilesSource source = new FilesSource(context(ID_NAME, "format", "csv"));

    assertThat(readAllNow(source)).extracting(row -> row[0]).containsExactly(1L, 4L);
    assertThat(metrics.badRecords()).isEqualTo(2);
    assertThat(log.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .satisfiesExactly(
            m -> assertThat(m).contains("a.csv", "line 2", "Expected 2 fields, got 1"),
            m -> assertThat(m).contains("a.csv", "line 3", "Expected 2 fields, got 3"));
  }

  @Test
  void logsOnlyTheFirstHundredBadRecordsOfARead() throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      lines.add("oops");
    }
    write("a.json", lines.toArray(String[]::new));

    assertThat(readAllNow(new FilesSource(context(ID_NAME)))).isEmpty();
    assertThat(metrics.badRecords()).isEqualTo(150);
    assertThat(log.list).hasSize(101);
    assertThat(log.list.get(100).getFormattedMessage()).contains("50 more bad records");
  }

  @Test
  void deadLetterPolicyKeepsRawTextErrorAndPositionAndCountsEach() throws IOException {
    write("a.json", "{\"id\": 1}", "{\"id\": 2, \"name\": \"trunc", "", "{\"id\": \"x\"}");
    FilesSource source = new FilesSource(context(ID_NAME, "on-error", "dead-letter"));

    assertThat(readAllNow(source)).containsExactly(new Object[] {1L, null});
    assertThat(metrics.badRecords()).isEqualTo(2);
    String file = dir.resolve("in").resolve("a.json").toString();
    assertThat(deadLetters)
        .satisfiesExactly(
            letter -> {
              assertThat(letter.relation()).isEqualTo("events");
              assertThat(letter.sourcePosition()).isEqualTo("file '" + file + "' line 2");
              assertThat(letter.error()).startsWith("Malformed JSON");
              assertThat(letter.raw()).isEqualTo("{\"id\": 2, \"name\": \"trunc");
              assertThat(letter.receivedMillis()).isPositive();
            },
            letter -> {
              assertThat(letter.sourcePosition()).isEqualTo("file '" + file + "' line 4");
              assertThat(letter.error()).isEqualTo("Column 'id' expects BIGINT, got 'x'");
              assertThat(letter.raw()).isEqualTo("{\"id\": \"x\"}");
            });
    assertThat(log.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .allSatisfy(m -> assertThat(m).startsWith("Dead-lettered bad record in 'events'"));
  }

  @Test
  void skipAndFailLeaveNoDeadLetters() throws IOException {
    write("a.json", "oops");

    readAllNow(new FilesSource(context(ID_NAME, "on-error", "skip")));
    assertThatThrownBy(() -> readAllNow(new FilesSource(context(ID_NAME, "on-error", "fail"))))
        .isInstanceOf(SourceReadException.class);

    assertThat(metrics.badRecords()).isEqualTo(1);
    assertThat(deadLetters).isEmpty();
  }

  @Test
  void aFileThatIsNotParquetIsOneBadRecordNamingTheFile() throws IOException {
    Path good = dir.resolve("in").resolve("a.parquet");
    Files.createDirectories(good.getParent());
    ParquetFiles.write(
        good,
        AvroSchemas.of(ID_NAME),
        new ParquetRows(ID_NAME)
            .records(JavaRows.toBatch(ID_NAME, List.<Object[]>of(new Object[] {1L, "one"}))));
    byte[] content = Files.readAllBytes(good);
    // a truncated copy: the footer is gone
    Files.write(dir.resolve("in").resolve("b.parquet"), Arrays.copyOf(content, content.length / 2));
    write("c.parquet", "{\"id\": 3}");

    FilesSource skipping = new FilesSource(context(ID_NAME, "format", "parquet"));
    assertThat(readAllNow(skipping)).containsExactly(new Object[] {1L, "one"});
    assertThat(metrics.badRecords()).isEqualTo(2);
    FilesSource lettering =
        new FilesSource(context(ID_NAME, "format", "parquet", "on-error", "dead-letter"));
    assertThat(readAllNow(lettering)).hasSize(1);
    assertThat(deadLetters)
        .extracting(DeadLetter::sourcePosition)
        .containsExactly(
            "file '" + dir.resolve("in").resolve("b.parquet") + "'",
            "file '" + dir.resolve("in").resolve("c.parquet") + "'");
    assertThat(deadLetters)
        .allSatisfy(
            letter -> {
              assertThat(letter.error()).startsWith("Cannot read Parquet file: ");
              assertThat(letter.raw()).isNull();
            });
    FilesSource failing =
        new FilesSource(context(ID_NAME, "format", "parquet", "on-error", "fail"));
    assertThatThrownBy(() -> readAllNow(failing))
        .isInstanceOf(SourceReadException.class)
        .hasMessageContaining("'events'")
        .hasMessageContaining("b.parquet'")
        .hasMessageContaining("Cannot read Parquet file");
  }

  @Test
  void failPolicyStopsWithRelationFileLineAndError() throws IOException {
    write("a.json", "{\"id\": 1}");
    write("b.json", "{\"id\": 2}", "", "{\"id\": 2.5}");
    FilesSource source = new FilesSource(context(ID_NAME, "on-error", "fail"));
    FilesOffset end = source.latestOffset(FilesOffset.EMPTY);

    assertThatThrownBy(() -> source.read(FilesOffset.EMPTY, end))
        .isInstanceOf(SourceReadException.class)
        .hasMessageContaining("'events'")
        .hasMessageContaining(dir.resolve("in").resolve("b.json").toString())
        .hasMessageContaining("line 3")
        .hasMessageContaining("Column 'id' expects BIGINT, got 2.5");
    assertThat(metrics.badRecords()).isZero();
  }

  @Test
  void failPolicyAppliesToCsvArity() throws IOException {
    write("a.csv", "1,one", "2,two,three");
    FilesSource source = new FilesSource(context(ID_NAME, "format", "csv", "on-error", "FAIL"));
    FilesOffset end = source.latestOffset(FilesOffset.EMPTY);

    assertThatThrownBy(() -> source.read(FilesOffset.EMPTY, end))
        .isInstanceOf(SourceReadException.class)
        .hasMessageContaining("a.csv' line 2: Expected 2 fields, got 3");
  }

  @Test
  void replayingOffsetsGivesIdenticalRows() throws IOException {
    write("a.json", "{\"id\": 1, \"name\": \"one\"}", "bad", "{\"id\": 2}");
    write("b.json", "{\"id\": 3, \"name\": \"three\"}");
    write("c.json", "{\"id\": 4}");
    FilesSource source = new FilesSource(context(ID_NAME, "max-files-per-trigger", "2"));
    FilesOffset first = source.latestOffset(FilesOffset.EMPTY);
    FilesOffset second = source.latestOffset(first);

    List<Object[]> original = new ArrayList<>(source.read(FilesOffset.EMPTY, first).rows());
    original.addAll(source.read(first, second).rows());

    // as after a restart: a new source, offsets parsed back from the checkpoint's JSON
    FilesSource restarted = new FilesSource(context(ID_NAME, "max-files-per-trigger", "2"));
    FilesOffset firstAgain = restarted.parseOffset(first.toJson());
    FilesOffset secondAgain = restarted.parseOffset(second.toJson());
    List<Object[]> replayed = new ArrayList<>(restarted.read(FilesOffset.EMPTY, firstAgain).rows());
    replayed.addAll(restarted.read(firstAgain, secondAgain).rows());

    assertThat(original).hasSize(4);
    assertThat(replayed).containsExactlyElementsOf(original);
    assertThat(source.read(first, second).rows()).containsExactlyElementsOf(original.subList(3, 4));
  }

  @Test
  void ignoresBlankLinesCrlfAndByteOrderMark() throws IOException {
    Path file = dir.resolve("in").resolve("a.csv");
    Files.createDirectories(file.getParent());
    Files.write(file, "\uFEFF1,one\r\n\r\n   \r\n2,two\r\n".getBytes(StandardCharsets.UTF_8));

    assertThat(readAllNow(new FilesSource(context(ID_NAME, "format", "csv", "on-error", "fail"))))
        .containsExactly(new Object[] {1L, "one"}, new Object[] {2L, "two"});
  }

  @Test
  void invalidUtf8FailsNamingTheFileAndLineUnderFail() throws IOException {
    Path file = dir.resolve("in").resolve("a.json");
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[] {'{', '}', '\n', '{', '"', (byte) 0xC3, '"', '}', '\n'});
    FilesSource source = new FilesSource(context(ID_NAME, "on-error", "fail"));
    FilesOffset end = source.latestOffset(FilesOffset.EMPTY);

    assertThatThrownBy(() -> source.read(FilesOffset.EMPTY, end))
        .isInstanceOf(SourceReadException.class)
        .hasMessageContaining("a.json' line 2")
        .hasMessageContaining("UTF-8");
  }

  @Test
  void invalidUtf8IsABadRecordOfItsLineOnly() throws IOException {
    Path csv = dir.resolve("in").resolve("a.csv");
    Files.createDirectories(csv.getParent());
    // line 2: a lone continuation byte in a VARCHAR; line 3: a truncated two-byte sequence
    Files.write(
        csv,
        bytes("1,caf\u00e9\n", new byte[] {'2', ',', 'x', (byte) 0x80, 'y', '\n'})
            .and(new byte[] {'3', ',', (byte) 0xC3, '\n'})
            .and("4,four\n")
            .get());
    FilesSource source =
        new FilesSource(context(ID_NAME, "format", "csv", "on-error", "dead-letter"));

    assertThat(readAllNow(source))
        .containsExactly(new Object[] {1L, "caf\u00e9"}, new Object[] {4L, "four"});
    assertThat(metrics.badRecords()).isEqualTo(2);
    assertThat(deadLetters)
        .satisfiesExactly(
            letter -> {
              assertThat(letter.sourcePosition()).isEqualTo("file '" + csv + "' line 2");
              assertThat(letter.error())
                  .isEqualTo("the record is not valid UTF-8: byte 0x80 at byte 4");
              assertThat(letter.raw()).isEqualTo("2,x\uFFFDy");
            },
            letter -> {
              assertThat(letter.sourcePosition()).isEqualTo("file '" + csv + "' line 3");
              assertThat(letter.error())
                  .isEqualTo("the record is not valid UTF-8: byte 0xC3 at byte 3");
            });
    assertThat(log.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .satisfiesExactly(
            m -> assertThat(m).contains("a.csv", "line 2", "not valid UTF-8"),
            m -> assertThat(m).contains("a.csv", "line 3", "not valid UTF-8"));
  }

  @Test
  void invalidUtf8InAJsonLineIsABadRecordUnderSkip() throws IOException {
    Path file = dir.resolve("in").resolve("a.json");
    Files.createDirectories(file.getParent());
    Files.write(
        file,
        bytes("{\"id\": 1}\n", new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"'})
            .and(new byte[] {(byte) 0xFF, '"', '}', '\n'})
            .and("{\"id\": 3}\n")
            .get());

    assertThat(readAllNow(new FilesSource(context(ID_NAME))))
        .containsExactly(new Object[] {1L, null}, new Object[] {3L, null});
    assertThat(metrics.badRecords()).isEqualTo(1);
    assertThat(log.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .satisfiesExactly(
            m ->
                assertThat(m)
                    .contains(
                        "a.json", "line 2", "the record is not valid UTF-8: byte 0xFF at byte 10"));
  }

  @Test
  void aDoubleBeyondItsRangeIsABadRecordNotInfinity() throws IOException {
    List<Column> columns =
        List.of(Column.of("id", ColumnType.BIGINT), Column.of("d", ColumnType.DOUBLE));
    write("a.csv", "1,1e400", "2,-1e400", "3,1.5e300", "4,Infinity");
    write("b.json", "{\"id\": 5, \"d\": 1e400}", "{\"id\": 6, \"d\": 2.5}");
    FilesSource csv = new FilesSource(context(columns, "format", "csv", "path", "in/a.csv"));
    FilesSource json = new FilesSource(context(columns, "path", "in/b.json"));

    assertThat(readAllNow(csv))
        .containsExactly(new Object[] {3L, 1.5e300}, new Object[] {4L, Double.POSITIVE_INFINITY});
    assertThat(readAllNow(json)).containsExactly(new Object[] {6L, 2.5});
    assertThat(metrics.badRecords()).isEqualTo(3);
    assertThat(log.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .satisfiesExactly(
            m ->
                assertThat(m)
                    .contains(
                        "a.csv", "line 1", "Column 'd' expects DOUBLE, got '1e400' (out of range)"),
            m ->
                assertThat(m)
                    .contains(
                        "a.csv",
                        "line 2",
                        "Column 'd' expects DOUBLE, got '-1e400' (out of range)"),
            m ->
                assertThat(m)
                    .contains(
                        "b.json", "line 1", "Column 'd' expects DOUBLE, got 1e400 (out of range)"));
  }

  @Test
  void columnsTheQueryDoesNotReadAreCheckedButNotBuilt() throws IOException {
    write("a.csv", "1,one", "x,two", "3,three");
    Path file = dir.resolve("in").resolve("b.csv");
    Files.write(file, new byte[] {'4', ',', (byte) 0xC3, '\n'});
    StreamSource projected =
        new FilesConnectorFactory()
            .createSource(context(ID_NAME, "format", "csv").withProjection(List.of(0)));
    SourceOffset end = projected.latestOffset(projected.initialOffset());

    assertThat(projected.read(projected.initialOffset(), end).rows())
        .containsExactly(new Object[] {1L}, new Object[] {3L});
    // the same records are bad whichever columns the query reads
    assertThat(metrics.badRecords()).isEqualTo(2);
  }

  /** Bytes of a file built from text (UTF-8) and raw bytes. */
  private static Bytes bytes(String text, byte[] raw) {
    return new Bytes().and(text).and(raw);
  }

  /** A growing byte array. */
  private static final class Bytes {
    private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

    Bytes and(String text) {
      out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    Bytes and(byte[] raw) {
      out.writeBytes(raw);
      return this;
    }

    byte[] get() {
      return out.toByteArray();
    }
  }

  @Test
  void readsASingleFileGivenByRelativeOrAbsolutePath() throws IOException {
    Path file = write("_users.csv", "1,ann", "2,bob");
    write("other.csv", "3,cy");

    FilesSource relative =
        new FilesSource(context(ID_NAME, "path", "in/_users.csv", "format", "csv"));
    FilesOffset end = relative.latestOffset(FilesOffset.EMPTY);
    assertThat(end.files()).containsExactly("_users.csv");
    assertThat(relative.read(FilesOffset.EMPTY, end).rows())
        .containsExactly(new Object[] {1L, "ann"}, new Object[] {2L, "bob"});
    assertThat(relative.latestOffset(end)).isEqualTo(end);

    FilesSource absolute =
        new FilesSource(context(ID_NAME, "path", file.toString(), "format", "csv"));
    assertThat(readAllNow(absolute)).hasSize(2);
  }

  @Test
  void readAllReadsEveryFileAtOnceIgnoringTheTriggerLimit() throws IOException {
    write("b.csv", "2,two");
    write("a.csv", "1,one");
    write("_c.csv", "3,three");

    Batch all =
        FilesSource.readAll(context(ID_NAME, "format", "csv", "max-files-per-trigger", "1"));

    assertThat(all.rows()).containsExactly(new Object[] {1L, "one"}, new Object[] {2L, "two"});
  }

  @Test
  void missingPathFailsWhenListed() {
    FilesSource source = new FilesSource(context(ID_NAME, "path", "nowhere"));

    assertThatThrownBy(() -> source.latestOffset(FilesOffset.EMPTY))
        .isInstanceOf(SourceReadException.class)
        .hasMessageContaining(dir.resolve("nowhere").toString())
        .hasMessageContaining("'events'");
  }

  @Test
  void fileDeletedBeforeItIsReadFailsClearly() throws IOException {
    Path file = write("a.json", "{\"id\": 1}");
    FilesSource source = new FilesSource(context(ID_NAME));
    FilesOffset end = source.latestOffset(FilesOffset.EMPTY);
    Files.delete(file);

    assertThatThrownBy(() -> source.read(FilesOffset.EMPTY, end))
        .isInstanceOf(SourceReadException.class)
        .hasMessageContaining("a.json")
        .hasMessageContaining("disappeared");
  }

  @Test
  void parseOffsetRoundTrips() throws IOException {
    write("a.json", "{}");
    FilesSource source = new FilesSource(context(ID_NAME));
    FilesOffset end = source.latestOffset(source.initialOffset());

    assertThat(source.parseOffset(end.toJson())).isEqualTo(end);
    assertThat(source.parseOffset(source.initialOffset().toJson()))
        .isEqualTo(source.initialOffset());
    assertThat(source.isExhausted(end)).isFalse();
  }
}
