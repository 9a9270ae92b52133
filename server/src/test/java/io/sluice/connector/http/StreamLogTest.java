package io.sluice.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stream's log on real files: append, read back, recovery of a torn tail, retention, budget. */
class StreamLogTest {
  @TempDir Path temp;

  private static HttpStreamOptions options(
      long segmentBytes, Optional<Duration> retention, OptionalLong retentionBytes, long maxBytes) {
    return new HttpStreamOptions(
        segmentBytes, retention, retentionBytes, maxBytes, false, Optional.empty());
  }

  private static List<byte[]> records(String... texts) {
    List<byte[]> records = new ArrayList<>();
    for (String text : texts) {
      records.add(text.getBytes(StandardCharsets.UTF_8));
    }
    return records;
  }

  private static List<String> readAll(StreamLog log, long from, long to) {
    List<String> read = new ArrayList<>();
    log.read(from, to, (position, record) -> read.add(new String(record, StandardCharsets.UTF_8)));
    return read;
  }

  private List<Path> segments(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.sorted().toList();
    }
  }

  @Test
  void recordsAreReadBackBetweenPositionsAndAcrossSegments() throws Exception {
    Path folder = temp.resolve("s");
    try (StreamLog log =
        StreamLog.open("s", folder, options(30, Optional.empty(), OptionalLong.empty(), 1 << 20))) {
      long first = log.append(records("a", "bb"));
      long second = log.append(records("ccc", "dddd", "eeeee"));
      long third = log.append(records("f".repeat(40)));
      assertThat(first).isEqualTo(8 + 1 + 8 + 2);
      assertThat(readAll(log, 0, third))
          .containsExactly("a", "bb", "ccc", "dddd", "eeeee", "f".repeat(40));
      assertThat(readAll(log, first, second)).containsExactly("ccc", "dddd", "eeeee");
      assertThat(segments(folder)).hasSizeGreaterThan(1);
      // a batch of at most 20 bytes ends on a record boundary, and a larger record is taken whole
      assertThat(log.boundaryAfter(0, 20)).isEqualTo(first);
      assertThat(log.boundaryAfter(0, 12)).isEqualTo(9);
      assertThat(log.boundaryAfter(second, 20)).isEqualTo(third);
    }
    try (StreamLog reopened =
        StreamLog.open("s", folder, options(30, Optional.empty(), OptionalLong.empty(), 1 << 20))) {
      assertThat(readAll(reopened, 0, reopened.durableEnd())).hasSize(6);
    }
  }

  @Test
  void aTornTailIsCutOffOnOpenAndAppendsContinueAfterIt() throws Exception {
    Path folder = temp.resolve("s");
    HttpStreamOptions options = options(1 << 20, Optional.empty(), OptionalLong.empty(), 1 << 20);
    long end;
    try (StreamLog log = StreamLog.open("s", folder, options)) {
      end = log.append(records("one", "two"));
    }
    Path segment = segments(folder).get(0);
    // half a frame, as a crash in the middle of a write leaves it
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.APPEND)) {
      channel.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0, 50, 1, 2, 3, 4, 't', 'h'}));
    }
    try (StreamLog log = StreamLog.open("s", folder, options)) {
      assertThat(log.durableEnd()).isEqualTo(end);
      long next = log.append(records("three"));
      assertThat(readAll(log, 0, next)).containsExactly("one", "two", "three");
    }
    // a flipped byte in the last frame: its checksum no longer holds
    byte[] bytes = Files.readAllBytes(segment);
    bytes[bytes.length - 1] ^= 1;
    Files.write(segment, bytes);
    try (StreamLog log = StreamLog.open("s", folder, options)) {
      assertThat(readAll(log, 0, log.durableEnd())).containsExactly("one", "two");
    }
  }

  @Test
  void retentionBySizeDeletesOldestClosedSegmentsAndReadersSkipThem() throws Exception {
    Path folder = temp.resolve("s");
    try (StreamLog log =
        StreamLog.open("s", folder, options(20, Optional.empty(), OptionalLong.of(40), 1 << 20))) {
      for (int i = 0; i < 10; i++) {
        log.append(records("record" + i));
      }
      assertThat(segments(folder)).hasSize(10);
      // at most 40 bytes are kept: two segments of 15
      assertThat(log.enforceRetention(System.currentTimeMillis())).isEqualTo(8);
      assertThat(segments(folder)).hasSize(2);
      assertThat(log.sizeBytes()).isEqualTo(2 * 15);
      assertThat(log.startPosition()).isEqualTo(8 * 15);
      assertThat(readAll(log, 0, log.durableEnd())).containsExactly("record8", "record9");
    }
  }

  @Test
  void retentionByAgeDeletesSegmentsLastWrittenBeforeIt() throws Exception {
    Path folder = temp.resolve("s");
    try (StreamLog log =
        StreamLog.open(
            "s",
            folder,
            options(20, Optional.of(Duration.ofHours(1)), OptionalLong.empty(), 1 << 20))) {
      for (int i = 0; i < 3; i++) {
        log.append(records("record" + i));
      }
      long now = System.currentTimeMillis();
      assertThat(log.enforceRetention(now)).isZero();
      // two hours on, the closed segments are too old; the one being written stays
      assertThat(log.enforceRetention(now + Duration.ofHours(2).toMillis())).isEqualTo(2);
      assertThat(readAll(log, 0, log.durableEnd())).containsExactly("record2");
    }
  }

  @Test
  void aPostPastTheBudgetIsRefusedAndNothingOfItIsWritten() throws Exception {
    Path folder = temp.resolve("s");
    try (StreamLog log =
        StreamLog.open("s", folder, options(1 << 20, Optional.empty(), OptionalLong.empty(), 40))) {
      log.append(records("0123456789"));
      assertThatThrownBy(() -> log.append(records("0123456789", "0123456789")))
          .isInstanceOf(LogFullException.class)
          .hasMessageContaining("'log.max-bytes'");
      assertThat(log.sizeBytes()).isEqualTo(18);
      assertThat(Files.size(segments(folder).get(0))).isEqualTo(18);
    }
  }

  @Test
  void concurrentAppendsShareFsyncsAndEachGetsItsOwnRange() throws Exception {
    Path folder = temp.resolve("s");
    int threads = 8;
    int appends = 200;
    try (StreamLog log =
        StreamLog.open(
            "s", folder, options(4096, Optional.empty(), OptionalLong.empty(), 1 << 30))) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          done.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < appends; i++) {
                      long end = log.append(records(thread + ":" + i));
                      assertThat(log.durableEnd()).isGreaterThanOrEqualTo(end);
                    }
                    return null;
                  }));
        }
        for (Future<?> future : done) {
          future.get();
        }
      } finally {
        pool.shutdownNow();
      }
      List<String> all = readAll(log, 0, log.durableEnd());
      assertThat(all).hasSize(threads * appends).doesNotHaveDuplicates();
    }
  }
}
