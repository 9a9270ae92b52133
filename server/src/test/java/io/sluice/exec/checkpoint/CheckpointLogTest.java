package io.sluice.exec.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.fs.ChecksummedFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint files as a server of another version wrote them. */
class CheckpointLogTest {
  @TempDir Path temp;

  @Test
  void readsBackWhatItWrote() {
    CheckpointLog log = new CheckpointLog(temp);
    BatchOffsets offsets =
        new BatchOffsets(3, List.of("{\"a\":1}"), List.of("{\"a\":2}"), 10, Map.of(), 20L, 30L);
    log.writeOffsets(offsets);

    assertThat(log.offsets(3)).contains(offsets);
  }

  @Test
  void offsetsWrittenBeforeTheEndWatermarkAndTimeWereRecordedHaveNeither() throws Exception {
    write(
        temp.resolve("offsets").resolve("3"),
        "{\"batchId\":3,\"start\":[\"{}\"],\"end\":[\"{}\"],\"watermark\":10,\"models\":{}}");

    BatchOffsets offsets = new CheckpointLog(temp).offsets(3).orElseThrow();

    assertThat(offsets.watermarkAfter()).isNull();
    assertThat(offsets.processingTime()).isNull();
    assertThat(offsets.watermark()).isEqualTo(10);
  }

  /** A server rolled back past a field a later version records still reads the rest. */
  @Test
  void offsetsWithFieldsOfALaterVersionAreRead() throws Exception {
    write(
        temp.resolve("offsets").resolve("3"),
        "{\"batchId\":3,\"start\":[\"{}\"],\"end\":[\"{}\"],\"watermark\":10,\"models\":{},"
            + "\"watermarkAfter\":20,\"splitTimes\":[1,2]}");

    BatchOffsets offsets = new CheckpointLog(temp).offsets(3).orElseThrow();

    assertThat(offsets.watermarkAfter()).isEqualTo(20L);
    assertThat(offsets.end()).containsExactly("{}");
  }

  private static void write(Path file, String json) throws Exception {
    java.nio.file.Files.createDirectories(file.getParent());
    ChecksummedFiles.write(file, json.getBytes(StandardCharsets.UTF_8));
  }
}
