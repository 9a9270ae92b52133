package io.sluice.bench;

import static java.util.Objects.requireNonNull;

import io.sluice.sql.ScriptSplitter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Nexmark SQL files ({@code ddl.sql}, {@code q0.sql} …): read, with their {@code ${NAME}}
 * placeholders filled in, and split into statements.
 */
public final class NexmarkSql {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)}");
  private static final Pattern QUERY_FILE = Pattern.compile("q(\\d+)\\.sql");

  private final Path directory;

  public NexmarkSql(Path directory) {
    this.directory = requireNonNull(directory, "directory is null");
  }

  /** The folder from the repository root ({@code benchmarks/nexmark}) or the module's. */
  public static NexmarkSql locate() {
    for (Path candidate : List.of(Path.of("benchmarks", "nexmark"), Path.of("nexmark"))) {
      if (Files.isRegularFile(candidate.resolve("ddl.sql"))) {
        return new NexmarkSql(candidate);
      }
    }
    throw new IllegalStateException(
        "No benchmarks/nexmark/ddl.sql under " + Path.of("").toAbsolutePath() + "; pass --sql-dir");
  }

  public Path directory() {
    return directory;
  }

  /** The queries present, by number: q0, q1, … */
  public List<String> queryNames() {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(f -> QUERY_FILE.matcher(f.getFileName().toString()))
          .filter(Matcher::matches)
          .map(m -> Integer.parseInt(m.group(1)))
          .sorted(Comparator.naturalOrder())
          .map(n -> "q" + n)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The statements creating the person, auction and bid streams. */
  public List<String> ddl(Map<String, String> parameters) {
    return statements("ddl", parameters);
  }

  /** The same streams over files of the generator's events ({@code ddl-files.sql}). */
  public List<String> filesDdl(Map<String, String> parameters) {
    return statements("ddl-files", parameters);
  }

  /** The same streams over Kafka topics of the generator's events ({@code ddl-kafka.sql}). */
  public List<String> kafkaDdl(Map<String, String> parameters) {
    return statements("ddl-kafka", parameters);
  }

  /** A query's statements: any it needs first (a table, a function), the query last. */
  public List<String> query(String name, Map<String, String> parameters) {
    return statements(name, parameters);
  }

  private List<String> statements(String name, Map<String, String> parameters) {
    Path file = directory.resolve(name + ".sql");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    List<String> statements = new ArrayList<>();
    for (String statement : ScriptSplitter.split(fill(text, parameters, file))) {
      if (!isBlank(statement)) {
        statements.add(statement.strip());
      }
    }
    return statements;
  }

  /** Replaces every placeholder; one without a value is a mistake in the file or the caller. */
  static String fill(String text, Map<String, String> parameters, Path file) {
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = parameters.get(matcher.group(1));
      if (value == null) {
        throw new IllegalArgumentException("No value for ${" + matcher.group(1) + "} in " + file);
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /** Whether a statement holds nothing but blanks and comments. */
  private static boolean isBlank(String statement) {
    for (String line : statement.split("\n")) {
      String trimmed = line.strip();
      if (!trimmed.isEmpty() && !trimmed.startsWith("--")) {
        return false;
      }
    }
    return true;
  }
}
