package io.sluice.spi.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksummedFilesTest {
  private static final byte[] CONTENT =
      "{\"batchId\":7,\"watermark\":1234}".getBytes(StandardCharsets.UTF_8);

  @TempDir Path temp;

  @Test
  void contentReadsBackBehindItsHeader() throws Exception {
    Path file = temp.resolve("commit");
    ChecksummedFiles.write(file, CONTENT);
    assertThat(Files.readString(file)).startsWith("%sluice crc32c=").contains(" length=30\n{");
    assertThat(ChecksummedFiles.read(file, ChecksummedFiles::isJson)).isEqualTo(CONTENT);
  }

  @Test
  void everySingleFlippedBitIsCaught() throws Exception {
    byte[] framed = ChecksummedFiles.frame(CONTENT);
    Path file = temp.resolve("f");
    for (int bit = 0; bit < framed.length * 8; bit++) {
      byte[] damaged = Arrays.copyOf(framed, framed.length);
      damaged[bit / 8] ^= (byte) (1 << (bit % 8));
      int flipped = bit;
      assertThatThrownBy(() -> ChecksummedFiles.unframe(file, damaged, ChecksummedFiles::isJson))
          .as("bit %d", flipped)
          .isInstanceOf(DamagedFileException.class)
          .hasMessageContaining(file.toString());
    }
  }

  @Test
  void aFlippedBitInTheContentNamesBothChecksums() {
    byte[] framed = ChecksummedFiles.frame(CONTENT);
    framed[framed.length - 3] ^= 0x04;
    assertThatThrownBy(() -> ChecksummedFiles.unframe(temp, framed, ChecksummedFiles::isJson))
        .isInstanceOf(DamagedFileException.class)
        .hasMessageMatching(
            ".*checksum mismatch \\(expected CRC32C [0-9a-f]{8}, found [0-9a-f]{8}\\)");
  }

  @Test
  void everyTruncationIsCaught() {
    byte[] framed = ChecksummedFiles.frame(CONTENT);
    for (int length = 0; length < framed.length; length++) {
      byte[] cut = Arrays.copyOf(framed, length);
      assertThatThrownBy(() -> ChecksummedFiles.unframe(temp, cut, ChecksummedFiles::isJson))
          .as("cut to %d bytes", length)
          .isInstanceOf(DamagedFileException.class);
    }
    byte[] body = Arrays.copyOf(framed, framed.length - 5);
    assertThatThrownBy(() -> ChecksummedFiles.unframe(temp, body, ChecksummedFiles::isJson))
        .hasMessageContaining("truncated: 25 bytes of content where its header records 30");
  }

  @Test
  void filesWrittenBeforeChecksumsAreReadWhenTheyLookLikeTheOldFormat() {
    assertThat(ChecksummedFiles.unframe(temp, CONTENT, ChecksummedFiles::isJson))
        .isEqualTo(CONTENT);
    byte[] notJson = "garbage".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ChecksummedFiles.unframe(temp, notJson, ChecksummedFiles::isJson))
        .isInstanceOf(DamagedFileException.class)
        .hasMessageContaining("checksum header is missing or unreadable");
  }
}
