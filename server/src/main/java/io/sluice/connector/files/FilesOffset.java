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
import java.util.SortedSet;
import java.util.TreeSet;

/** Position in a files source: the names of all files processed so far. */
public final class FilesOffset implements SourceOffset {
  /** Before any file. */
  public static final FilesOffset EMPTY = new FilesOffset(List.of());

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String FILES_FIELD = "files";

  private final SortedSet<String> files;

  public FilesOffset(Collection<String> files) {
    requireNonNull(files, "files is null");
    this.files = Collections.unmodifiableSortedSet(new TreeSet<>(files));
  }

  /** Names of the files processed so far, in name order. */
  public SortedSet<String> files() {
    return files;
  }

  /** This offset plus {@code more} files. */
  public FilesOffset plus(Collection<String> more) {
    List<String> all = new ArrayList<>(files);
    all.addAll(more);
    return new FilesOffset(all);
  }

  /** Files in this offset that are not in {@code start}, in name order. */
  public List<String> filesAfter(FilesOffset start) {
    requireNonNull(start, "start is null");
    List<String> after = new ArrayList<>();
    for (String file : files) {
      if (!start.files.contains(file)) {
        after.add(file);
      }
    }
    return after;
  }

  @Override
  public String toJson() {
    ObjectNode json = MAPPER.createObjectNode();
    ArrayNode names = json.putArray(FILES_FIELD);
    files.forEach(names::add);
    return json.toString();
  }

  /**
   * Parses {@link #toJson()}'s form.
   *
   * @throws IllegalArgumentException when {@code json} is not such an offset
   */
  public static FilesOffset fromJson(String json) {
    requireNonNull(json, "json is null");
    JsonNode names;
    try {
      names = MAPPER.readTree(json).get(FILES_FIELD);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Not a files offset: " + e.getOriginalMessage(), e);
    }
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
    return new FilesOffset(files);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FilesOffset && ((FilesOffset) other).files.equals(files);
  }

  @Override
  public int hashCode() {
    return files.hashCode();
  }

  @Override
  public String toString() {
    return "FilesOffset" + files;
  }
}
