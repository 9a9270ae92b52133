package io.sluice.connector.files;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.spi.connector.SourceOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Position in a files source: the names of all files processed so far and, when a batch ended
 * inside a file (a line format cut by {@code max-bytes-per-trigger}), that file and the byte its
 * lines were read up to (the lines starting before it).
 */
public final class FilesOffset implements SourceOffset {
  /** Before any file. */
  public static final FilesOffset EMPTY = new FilesOffset(List.of());

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String FILES_FIELD = "files";
  private static final String PARTIAL_FIELD = "partial";
  private static final String FILE_FIELD = "file";
  private static final String POSITION_FIELD = "position";

  private final SortedSet<String> files;
  private final String partialFile;
  private final long partialPosition;

  public FilesOffset(Collection<String> files) {
    this(files, null, 0);
  }

  /**
   * @param partialFile a file read up to {@code partialPosition}, not among {@code files}; or null
   */
  public FilesOffset(Collection<String> files, String partialFile, long partialPosition) {
    requireNonNull(files, "files is null");
    this.files = Collections.unmodifiableSortedSet(new TreeSet<>(files));
    if (partialFile != null && (this.files.contains(partialFile) || partialPosition <= 0)) {
      throw new IllegalArgumentException(
          "A partly read file is neither done nor unread: " + partialFile + "@" + partialPosition);
    }
    this.partialFile = partialFile;
    this.partialPosition = partialFile == null ? 0 : partialPosition;
  }

  /** Names of the files processed so far, in name order. */
  public SortedSet<String> files() {
    return files;
  }

  /** The file read only up to {@link #partialPosition()}, or null. */
  public String partialFile() {
    return partialFile;
  }

  /** The byte of {@link #partialFile()} its lines were read up to (those starting before it). */
  public long partialPosition() {
    return partialPosition;
  }

  /** Where {@code file} continues from: the position a batch ended at inside it, else 0. */
  public long positionIn(String file) {
    return file.equals(partialFile) ? partialPosition : 0;
  }

  /** This offset plus {@code more} files, read whole. */
  public FilesOffset plus(Collection<String> more) {
    return plus(more, null, 0);
  }

  /** This offset plus {@code more} files read whole and {@code partial} up to {@code position}. */
  public FilesOffset plus(Collection<String> more, String partial, long position) {
    List<String> all = new ArrayList<>(files);
    all.addAll(more);
    return new FilesOffset(all, partial, position);
  }

  /** Files in this offset that are not in {@code start}, in name order (whole or partly read). */
  public List<String> filesAfter(FilesOffset start) {
    requireNonNull(start, "start is null");
    List<String> after = new ArrayList<>();
    for (String file : files) {
      if (!start.files.contains(file)) {
        after.add(file);
      }
    }
    if (partialFile != null
        && (!partialFile.equals(start.partialFile) || partialPosition > start.partialPosition)) {
      after.add(partialFile);
    }
    after.sort(null);
    return after;
  }

  /**
   * The byte ranges of files between {@code start} and this offset, in name order: each file's
   * lines starting at or after {@code from} and before {@code to} ({@link Long#MAX_VALUE}: to its
   * end).
   */
  public List<FileRange> rangesAfter(FilesOffset start) {
    List<FileRange> ranges = new ArrayList<>();
    for (String file : filesAfter(start)) {
      long to = file.equals(partialFile) ? partialPosition : Long.MAX_VALUE;
      ranges.add(new FileRange(file, start.positionIn(file), to));
    }
    return ranges;
  }

  /**
   * The lines of a file that start after byte {@code from} (or at 0 when it is 0) and at or before
   * byte {@code to}.
   */
  public record FileRange(String file, long from, long to) {
    public FileRange {
      requireNonNull(file, "file is null");
    }
  }

  @Override
  public String toJson() {
    ObjectNode json = MAPPER.createObjectNode();
    ArrayNode names = json.putArray(FILES_FIELD);
    files.forEach(names::add);
    if (partialFile != null) {
      ObjectNode partial = json.putObject(PARTIAL_FIELD);
      partial.put(FILE_FIELD, partialFile);
      partial.put(POSITION_FIELD, partialPosition);
    }
    return json.toString();
  }

  /**
   * Parses {@link #toJson()}'s form.
   *
   * @throws IllegalArgumentException when {@code json} is not such an offset
   */
  public static FilesOffset fromJson(String json) {
    requireNonNull(json, "json is null");
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Not a files offset: " + e.getOriginalMessage(), e);
    }
    JsonNode names = root == null ? null : root.get(FILES_FIELD);
    if (names == null || !names.isArray()) {
      throw new IllegalArgumentException("Not a files offset: no '" + FILES_FIELD + "' array");
    }
    List<String> files = new ArrayList<>(names.size());
    for (JsonNode name : names) {
      if (!name.isTextual()) {
        throw new IllegalArgumentException(
            "Not a files offset: file name " + name + " is not a string");
      }
      files.add(name.asText());
    }
    JsonNode partial = root.get(PARTIAL_FIELD);
    if (partial == null) {
      return new FilesOffset(files);
    }
    JsonNode file = partial.get(FILE_FIELD);
    JsonNode position = partial.get(POSITION_FIELD);
    if (file == null || !file.isTextual() || position == null || !position.canConvertToLong()) {
      throw new IllegalArgumentException(
          "Not a files offset: '" + PARTIAL_FIELD + "' needs a file name and a position");
    }
    return new FilesOffset(files, file.asText(), position.asLong());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FilesOffset that
        && that.files.equals(files)
        && Objects.equals(that.partialFile, partialFile)
        && that.partialPosition == partialPosition;
  }

  @Override
  public int hashCode() {
    return Objects.hash(files, partialFile, partialPosition);
  }

  @Override
  public String toString() {
    return "FilesOffset"
        + files
        + (partialFile == null ? "" : "+" + partialFile + "@" + partialPosition);
  }
}
