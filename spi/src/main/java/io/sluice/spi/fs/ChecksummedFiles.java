package io.sluice.spi.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.zip.CRC32C;

/**
 * Files whose content carries its CRC32C and length, written with it in one atomic write (see
 * {@link AtomicFiles}), so a flipped bit or a truncation is caught when the file is read instead of
 * being computed from. The content follows a one-line text header:
 *
 * <pre>%sluice crc32c=1a2b3c4d length=1234\n&lt;content&gt;</pre>
 *
 * A text file (JSON) stays readable with {@code tail -n +2}. Files written before checksums existed
 * have no header: {@link #read} accepts them when the caller's test of the old format holds (a JSON
 * file starts with <code>{</code> or {@code [}). The header's first byte is several bits away from
 * every such start, so one flipped bit cannot make a checksummed file pass for an old one.
 */
public final class ChecksummedFiles {
  private static final String MAGIC = "%sluice ";
  private static final byte[] MAGIC_BYTES = MAGIC.getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_HEADER = 64;

  private ChecksummedFiles() {}

  /** Writes {@code content} with its checksum header, atomically. */
  public static void write(Path target, byte[] content) throws IOException {
    AtomicFiles.write(target, frame(content));
  }

  /** As {@link #write}, for a file only the server's user may read ({@code rw-------}). */
  public static void writePrivate(Path target, byte[] content) throws IOException {
    AtomicFiles.writePrivate(target, frame(content));
  }

  /** {@code content} behind its checksum header. */
  public static byte[] frame(byte[] content) {
    byte[] header =
        (MAGIC + "crc32c=" + hex(crc(content, 0, content.length)) + " length=" + content.length)
            .concat("\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] framed = Arrays.copyOf(header, header.length + content.length);
    System.arraycopy(content, 0, framed, header.length, content.length);
    return framed;
  }

  /**
   * The content of {@code file}, checked against its header.
   *
   * @param legacy whether bytes without a header are a file of the format written before checksums
   * @throws DamagedFileException if the content does not match its header, or there is no header
   *     and the bytes are not of the old format either
   */
  public static byte[] read(Path file, Predicate<byte[]> legacy) throws IOException {
    return unframe(file, Files.readAllBytes(file), legacy);
  }

  /** As {@link #read}, on bytes already read from {@code file}. */
  public static byte[] unframe(Path file, byte[] bytes, Predicate<byte[]> legacy) {
    if (!startsWithMagic(bytes)) {
      if (bytes.length == 0) {
        throw new DamagedFileException(file, "it is empty", null, null);
      }
      if (legacy.test(bytes)) {
        return bytes;
      }
      throw new DamagedFileException(
          file,
          "its checksum header is missing or unreadable, and it is not a file of the format "
              + "written before checksums either",
          null,
          null);
    }
    int newline = -1;
    for (int i = MAGIC_BYTES.length; i < Math.min(bytes.length, MAX_HEADER); i++) {
      if (bytes[i] == '\n') {
        newline = i;
        break;
      }
    }
    if (newline < 0) {
      throw new DamagedFileException(
          file,
          "its checksum header is cut off or unreadable (" + bytes.length + " bytes)",
          null,
          null);
    }
    String header = new String(bytes, 0, newline, StandardCharsets.US_ASCII);
    String[] fields = header.substring(MAGIC.length()).split(" ");
    if (fields.length != 2
        || !fields[0].matches("crc32c=[0-9a-f]{8}")
        || !fields[1].matches("length=[0-9]{1,10}")) {
      throw new DamagedFileException(
          file, "its checksum header is unreadable ('" + printable(header) + "')", null, null);
    }
    String expected = fields[0].substring("crc32c=".length());
    long length = Long.parseLong(fields[1].substring("length=".length()));
    int start = newline + 1;
    long found = bytes.length - (long) start;
    if (found != length) {
      String actual = found < length ? "truncated: " : "too long: ";
      throw new DamagedFileException(
          file,
          actual + found + " bytes of content where its header records " + length,
          expected,
          hex(crc(bytes, start, (int) found)));
    }
    String computed = hex(crc(bytes, start, (int) found));
    if (!computed.equals(expected)) {
      throw new DamagedFileException(file, "checksum mismatch", expected, computed);
    }
    return Arrays.copyOfRange(bytes, start, bytes.length);
  }

  /** Whether {@code bytes} start like a file of this format (a header, maybe damaged later). */
  public static boolean isChecksummed(byte[] bytes) {
    return startsWithMagic(bytes);
  }

  /** The old format of a JSON file: its first non-blank byte opens an object or array. */
  public static boolean isJson(byte[] bytes) {
    for (byte b : bytes) {
      if (b == '{' || b == '[') {
        return true;
      }
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return false;
  }

  private static boolean startsWithMagic(byte[] bytes) {
    if (bytes.length < MAGIC_BYTES.length) {
      return false;
    }
    for (int i = 0; i < MAGIC_BYTES.length; i++) {
      if (bytes[i] != MAGIC_BYTES[i]) {
        return false;
      }
    }
    return true;
  }

  private static long crc(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, Math.max(0, length));
    return crc.getValue();
  }

  private static String hex(long crc) {
    return String.format(Locale.ROOT, "%08x", crc);
  }

  private static String printable(String header) {
    StringBuilder out = new StringBuilder();
    for (char c : header.toCharArray()) {
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.toString();
  }
}
