package io.sluice.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results of a benchmark run as a text table and as JSON. */
public final class ResultReport {
  /** Says what the latency columns measure, since the generator's emit time is not carried. */
  static final String LATENCY_NOTE =
      "latency = batch end - batch start (events generated at "
          + "batch start, output handed on at batch end), per micro-batch";

  private final List<QueryResult> results;
  private final Map<String, String> environment;

  /**
   * @param environment what ran and where: machine, JVM, options
   */
  public ResultReport(List<QueryResult> results, Map<String, String> environment) {
    this.results = List.copyOf(results);
    this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
  }

  /** A Markdown table, then one line per failed query with the engine's message. */
  public String table() {
    StringBuilder out = new StringBuilder();
    out.append(
        "| query | events | seconds | events/s | cores used | events/s per core "
            + "| p50 ms (batch end - start) | p99 ms (batch end - start) | peak heap MB "
            + "| output rows |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (QueryResult r : results) {
      if (r.ok()) {
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %,d | %.2f | %,.0f | %.2f | %,.0f | %.0f | %.0f | %,d | %,d |%n",
                r.query(),
                r.events(),
                r.seconds(),
                r.eventsPerSecond(),
                r.coresUsed(),
                r.eventsPerCoreSecond(),
                r.p50Millis(),
                r.p99Millis(),
                r.peakHeapBytes() / (1024 * 1024),
                r.outputRows()));
      } else {
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %,d | – | – | – | – | – | – | – | " + "fails (below) |%n",
                r.query(),
                r.events()));
      }
    }
    out.append('\n').append(LATENCY_NOTE).append('\n');
    boolean header = false;
    for (QueryResult r : results) {
      if (!r.ok()) {
        if (!header) {
          out.append("\nQueries Sluice cannot run yet:\n");
          header = true;
        }
        out.append("- ")
            .append(r.query())
            .append(": ")
            .append(r.error().replace('\n', ' '))
            .append('\n');
      }
    }
    return out.toString();
  }

  /** Writes the environment and every result to {@code file}. */
  public void writeJson(Path file) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    ObjectNode env = root.putObject("environment");
    environment.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> env.put(e.getKey(), e.getValue()));
    root.put("latency", LATENCY_NOTE);
    ArrayNode queries = root.putArray("results");
    for (QueryResult r : results) {
      ObjectNode node = queries.addObject();
      node.put("query", r.query());
      node.put("events", r.events());
      if (r.ok()) {
        node.put("seconds", r.seconds());
        node.put("events_per_second", r.eventsPerSecond());
        node.put("cpu_seconds", r.cpuSeconds());
        node.put("cores_used", r.coresUsed());
        node.put("events_per_second_per_core", r.eventsPerCoreSecond());
        node.put("p50_latency_ms", r.p50Millis());
        node.put("p99_latency_ms", r.p99Millis());
        node.put("batches", r.batches());
        node.put("peak_heap_bytes", r.peakHeapBytes());
        node.put("output_rows", r.outputRows());
      } else {
        node.put("error", r.error());
      }
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    mapper.writeValue(file.toFile(), root);
  }
}
