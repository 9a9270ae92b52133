package io.sluice.spi.fs;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A file Sluice wrote does not hold what was written: its checksum does not match, it is shorter or
 * longer than its header says, or its header is unreadable. Not an {@code IOException}: retrying
 * the read gives the same bytes, so whoever catches it must not treat it as a passing failure.
 */
public final class DamagedFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String problem;
  private final String expectedChecksum;
  private final String foundChecksum;

  /**
   * @param problem what is wrong, e.g. "checksum mismatch" or "truncated: 10 of 52 bytes"
   * @param expectedChecksum the checksum the file's header records, or null if unknown
   * @param foundChecksum the checksum of the bytes found, or null if not computed
   */
  public DamagedFileException(
      Path file, String problem, String expectedChecksum, String foundChecksum) {
    super(message(file, problem, expectedChecksum, foundChecksum));
    this.file = requireNonNull(file, "file is null");
    this.problem = requireNonNull(problem, "problem is null");
    this.expectedChecksum = expectedChecksum;
    this.foundChecksum = foundChecksum;
  }

  private static String message(Path file, String problem, String expected, String found) {
    StringBuilder message = new StringBuilder("File ").append(file).append(" is damaged: ");
    message.append(problem);
    if (expected != null && found != null) {
      message
          .append(" (expected CRC32C ")
          .append(expected)
          .append(", found ")
          .append(found)
          .append(')');
    }
    return message.toString();
  }

  public Path file() {
    return file;
  }

  /** What is wrong with the file, with the checksums when they were compared. */
  public String problem() {
    return expectedChecksum != null && foundChecksum != null
        ? problem + " (expected CRC32C " + expectedChecksum + ", found " + foundChecksum + ")"
        : problem;
  }

  public Optional<String> expectedChecksum() {
    return Optional.ofNullable(expectedChecksum);
  }

  public Optional<String> foundChecksum() {
    return Optional.ofNullable(foundChecksum);
  }
}
