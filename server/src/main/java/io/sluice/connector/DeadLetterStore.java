package io.sluice.connector;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.spi.connector.DeadLetter;
import io.sluice.spi.connector.DeadLetters;
import io.sluice.spi.fs.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's dead letters, behind {@code sys.dead_letters}: the last {@code capacity} of them in
 * memory, and each appended to {@code <directory>/<relation>.jsonl} so they survive a restart
 * (loaded again on start).
 *
 * <p>A dead letter is about an input record, not a query: one met again at the same position of the
 * same relation (a second query over the stream, a replayed batch, a restart) is kept once. Raw
 * text and error are cut to {@link #MAX_RAW_CHARS} and {@link #MAX_ERROR_CHARS}, so memory stays
 * bounded whatever the input. A relation's file is compacted to its retained entries once it holds
 * twice the capacity. Writes are flushed to the OS per entry but not forced to disk: a process
 * crash loses none, a power cut may lose the last ones.
 */
public final class DeadLetterStore implements DeadLetters, AutoCloseable {
  public static final int DEFAULT_CAPACITY = 10_000;
  public static final int MAX_RAW_CHARS = 4_096;
  public static final int MAX_ERROR_CHARS = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String EXTENSION = ".jsonl";

  private final Path directory;
  private final int capacity;

  /** Retained letters by relation and position, oldest first. */
  private final LinkedHashMap<String, DeadLetter> letters = new LinkedHashMap<>();

  private final Map<String, BufferedWriter> writers = new HashMap<>();
  private final Map<String, Integer> linesPerFile = new HashMap<>();
  private boolean failed;

  private DeadLetterStore(Path directory, int capacity) {
    this.directory = requireNonNull(directory, "directory is null");
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
  }

  /** Opens the store kept in {@code directory}, loading what earlier runs kept there. */
  public static DeadLetterStore open(Path directory) {
    return open(directory, DEFAULT_CAPACITY);
  }

  public static DeadLetterStore open(Path directory, int capacity) {
    DeadLetterStore store = new DeadLetterStore(directory, capacity);
    store.load();
    return store;
  }

  @Override
  public synchronized void add(DeadLetter letter) {
    requireNonNull(letter, "letter is null");
    DeadLetter bounded =
        new DeadLetter(
            letter.relation(),
            letter.sourcePosition(),
            cut(letter.error(), MAX_ERROR_CHARS),
            cut(letter.raw(), MAX_RAW_CHARS),
            letter.receivedMillis());
    if (!retain(bounded)) {
      return;
    }
    append(bounded);
  }

  /** The retained dead letters, oldest first. */
  public synchronized List<DeadLetter> list() {
    return List.copyOf(letters.values());
  }

  /** Keeps {@code letter} unless its record is already kept; false if it was. */
  private boolean retain(DeadLetter letter) {
    String key = letter.relation().toLowerCase(Locale.ROOT) + '\n' + letter.sourcePosition();
    if (letters.containsKey(key)) {
      return false;
    }
    letters.put(key, letter);
    if (letters.size() > capacity) {
      Iterator<DeadLetter> oldest = letters.values().iterator();
      oldest.next();
      oldest.remove();
    }
    return true;
  }

  private static String cut(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    return text.substring(0, max) + "... [" + text.length() + " characters in all]";
  }

  private void append(DeadLetter letter) {
    if (failed) {
      return;
    }
    String file = fileName(letter.relation());
    try {
      BufferedWriter writer = writers.get(file);
      if (writer == null) {
        writer = openForAppend(directory.resolve(file));
        writers.put(file, writer);
      }
      writer.write(toJson(letter));
      writer.write('\n');
      writer.flush();
      int lines = linesPerFile.merge(file, 1, Integer::sum);
      if (lines > 2 * capacity) {
        compact(file);
      }
    } catch (IOException e) {
      // Keeping them in memory still serves sys.dead_letters; don't fail the query over it.
      failed = true;
      LOG.error(
          "Cannot write dead letters under {}; from now on they are kept in memory only",
          directory,
          e);
    }
  }

  private static BufferedWriter openForAppend(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    boolean tornLine = false;
    if (Files.exists(file) && Files.size(file) > 0) {
      try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
        in.seek(in.length() - 1);
        tornLine = in.read() != '\n';
      }
    }
    BufferedWriter writer =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    if (tornLine) {
      // a crash mid-line: end it, so the next entry is not glued to the torn one
      writer.write('\n');
    }
    return writer;
  }

  /** Rewrites a relation's file with only the entries still retained. */
  private void compact(String file) throws IOException {
    writers.remove(file).close();
    StringBuilder content = new StringBuilder();
    int lines = 0;
    for (DeadLetter letter : letters.values()) {
      if (fileName(letter.relation()).equals(file)) {
        content.append(toJson(letter)).append('\n');
        lines++;
      }
    }
    AtomicFiles.write(directory.resolve(file), content.toString().getBytes(StandardCharsets.UTF_8));
    linesPerFile.put(file, lines);
  }

  private void load() {
    if (!Files.isDirectory(directory)) {
      return;
    }
    List<DeadLetter> loaded = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : (Iterable<Path>) files.sorted()::iterator) {
        String name = file.getFileName().toString();
        if (!name.endsWith(EXTENSION) || name.startsWith(".")) {
          continue;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        linesPerFile.put(name, lines.size());
        for (String line : lines) {
          if (!line.isBlank()) {
            DeadLetter letter = fromJson(line, file);
            if (letter != null) {
              loaded.add(letter);
            }
          }
        }
      }
    } catch (IOException e) {
      LOG.error("Cannot load dead letters from {}", directory, e);
    }
    loaded.sort(Comparator.comparingLong(DeadLetter::receivedMillis));
    loaded.forEach(this::retain);
  }

  private static DeadLetter fromJson(String line, Path file) {
    try {
      JsonNode json = MAPPER.readTree(line);
      JsonNode raw = json.get("raw");
      // "position" is what servers before the column's rename wrote
      JsonNode position =
          json.has("source_position") ? json.get("source_position") : json.get("position");
      return new DeadLetter(
          json.get("relation").asText(),
          position.asText(),
          json.get("error").asText(),
          raw == null || raw.isNull() ? null : raw.asText(),
          json.get("received").asLong());
    } catch (JsonProcessingException | RuntimeException e) {
      // a line torn by a crash
      LOG.warn("Ignoring an unreadable dead letter in {}", file);
      return null;
    }
  }

  private static String toJson(DeadLetter letter) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("relation", letter.relation());
    json.put("source_position", letter.sourcePosition());
    json.put("error", letter.error());
    json.put("raw", letter.raw());
    json.put("received", letter.receivedMillis());
    return json.toString();
  }

  /** The file of a relation's dead letters; names differing in case share one. */
  static String fileName(String relation) {
    StringBuilder name = new StringBuilder();
    for (char c : relation.toLowerCase(Locale.ROOT).toCharArray()) {
      name.append(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-' ? c : '_');
    }
    return name + EXTENSION;
  }

  @Override
  public synchronized void close() {
    for (BufferedWriter writer : writers.values()) {
      try {
        writer.close();
      } catch (IOException e) {
        LOG.warn("Cannot close a dead-letter file under {}", directory, e);
      }
    }
    writers.clear();
  }
}
