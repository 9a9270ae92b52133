package io.sluice.scenario;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** One parsed {@code .scenario} file: a name and its steps in file order. */
public record Scenario(String file, String name, List<Step> steps) {
  public Scenario {
    requireNonNull(file, "file is null");
    requireNonNull(name, "name is null");
    steps = List.copyOf(steps);
  }

  /** Query steps, each of which becomes one dynamic test. */
  public List<Query> queries() {
    return steps.stream().filter(Query.class::isInstance).map(Query.class::cast).toList();
  }

  /** A step of a scenario; {@code line} is where it starts in the file (1-based). */
  public sealed interface Step permits Statement, Input, Model, Query {
    int line();
  }

  /** A setup statement (DDL, SET, …) that must succeed. */
  public record Statement(int line, String sql) implements Step {}

  /** A file landed under the scenario's input folder; {@code name} may contain '/'. */
  public record Input(int line, String name, String content) implements Step {}

  /**
   * An ONNX model file the runner writes under the scenario's input folder, described by {@code
   * spec} (see {@link io.sluice.testing.onnx.OnnxModelSpec}).
   */
  public record Model(int line, String name, String spec) implements Step {}

  /**
   * A query and what it must produce: either {@code rows} (rendered as in the file) or, when {@code
   * errorFragments} is not empty, an error whose message contains every fragment. {@code columns}
   * is null when the file does not check them. With {@code stop} the runner reads only as many rows
   * as expected, then closes the statement (a push query that never ends).
   */
  public record Query(
      int line,
      String sql,
      boolean ordered,
      boolean stop,
      String columns,
      List<String> rows,
      List<String> errorFragments)
      implements Step {
    public Query {
      requireNonNull(sql, "sql is null");
      rows = List.copyOf(rows);
      errorFragments = List.copyOf(errorFragments);
    }

    public boolean expectsError() {
      return !errorFragments.isEmpty();
    }

    /** A short title for the test report: the query on one line. */
    public String title() {
      String oneLine = sql.replaceAll("\\s+", " ").trim();
      String shown = oneLine.length() > 90 ? oneLine.substring(0, 87) + "..." : oneLine;
      return "line " + line + ": " + shown;
    }
  }
}
