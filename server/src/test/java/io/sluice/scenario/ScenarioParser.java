package io.sluice.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parses the {@code .scenario} format described in {@code scenarios/README.md}. */
public final class ScenarioParser {
  private enum Block {
    STATEMENTS,
    INPUT,
    MODEL,
    QUERY,
    COLUMNS,
    EXPECT,
    EXPECT_ERROR
  }

  private final String file;
  private final List<Scenario.Step> steps = new ArrayList<>();
  private String name;

  private Block block = Block.STATEMENTS;
  private int blockLine = 1;
  private String inputName;
  private final List<String> lines = new ArrayList<>();
  private int sqlLine;

  private int queryLine;
  private String querySql;
  private boolean ordered;
  private boolean stop;
  private String columns;

  private ScenarioParser(String file) {
    this.file = file;
  }

  /** Parses {@code text}, naming {@code file} in errors; fails on anything malformed. */
  public static Scenario parse(String file, String text) {
    ScenarioParser parser = new ScenarioParser(file);
    String[] all = text.split("\r?\n", -1);
    for (int i = 0; i < all.length; i++) {
      parser.line(i + 1, all[i]);
    }
    parser.endBlock();
    if (parser.querySql != null) {
      throw parser.error(parser.queryLine, "query has no '-- expect' block");
    }
    String name = parser.name != null ? parser.name : file.replaceFirst("\\.scenario$", "");
    return new Scenario(file, name, parser.steps);
  }

  private void line(int number, String text) {
    if (text.startsWith("--")) {
      directive(number, text.substring(2).trim());
      return;
    }
    if (block == Block.INPUT) {
      lines.add(text);
      return;
    }
    String trimmed = text.strip();
    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
      return;
    }
    switch (block) {
      case STATEMENTS -> {
        if (lines.isEmpty()) {
          sqlLine = number;
        }
        lines.add(text);
        if (trimmed.endsWith(";")) {
          steps.add(new Scenario.Statement(sqlLine, sql(lines)));
          lines.clear();
        }
      }
      case QUERY -> {
        if (lines.isEmpty()) {
          sqlLine = number;
        }
        lines.add(text);
      }
      case COLUMNS -> {
        if (columns != null) {
          throw error(number, "'-- columns' takes exactly one line");
        }
        columns = trimmed;
      }
      case EXPECT, EXPECT_ERROR, MODEL -> lines.add(trimmed);
      default -> throw new IllegalStateException("Unhandled block " + block);
    }
  }

  private void directive(int number, String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.startsWith("name:")) {
      if (name != null) {
        throw error(number, "the scenario already has a name");
      }
      name = text.substring("name:".length()).trim();
      return;
    }
    if (lower.equals("ordered")) {
      if (block != Block.QUERY && block != Block.COLUMNS) {
        throw error(number, "'-- ordered' belongs between '-- query' and '-- expect'");
      }
      ordered = true;
      return;
    }
    if (lower.equals("stop")) {
      if (block != Block.QUERY && block != Block.COLUMNS) {
        throw error(number, "'-- stop' belongs between '-- query' and '-- expect'");
      }
      stop = true;
      return;
    }
    endBlock();
    blockLine = number;
    if (lower.startsWith("input ")) {
      requireNoPendingQuery(number);
      inputName = text.substring("input ".length()).trim();
      if (inputName.isEmpty() || inputName.startsWith("/") || inputName.contains("..")) {
        throw error(number, "'-- input' needs a relative file name, got '" + inputName + "'");
      }
      block = Block.INPUT;
    } else if (lower.startsWith("model ")) {
      requireNoPendingQuery(number);
      inputName = text.substring("model ".length()).trim();
      if (inputName.isEmpty() || inputName.startsWith("/") || inputName.contains("..")) {
        throw error(number, "'-- model' needs a relative file name, got '" + inputName + "'");
      }
      block = Block.MODEL;
    } else if (lower.equals("statement")) {
      requireNoPendingQuery(number);
      block = Block.STATEMENTS;
    } else if (lower.equals("query")) {
      requireNoPendingQuery(number);
      queryLine = number;
      block = Block.QUERY;
    } else if (lower.equals("columns")) {
      requireQuery(number, "columns");
      block = Block.COLUMNS;
    } else if (lower.equals("expect")) {
      requireQuery(number, "expect");
      block = Block.EXPECT;
    } else if (lower.equals("expect error")) {
      requireQuery(number, "expect error");
      block = Block.EXPECT_ERROR;
    } else {
      throw error(number, "unknown directive '-- " + text + "' (comments start with '#')");
    }
  }

  private void requireNoPendingQuery(int number) {
    if (querySql != null) {
      throw error(number, "the query at line " + queryLine + " has no '-- expect' block");
    }
  }

  private void requireQuery(int number, String directive) {
    if (querySql == null) {
      throw error(number, "'-- " + directive + "' must follow a '-- query' block");
    }
  }

  /** Closes the block in progress. */
  private void endBlock() {
    switch (block) {
      case STATEMENTS -> {
        if (!lines.isEmpty()) {
          throw error(sqlLine, "statement does not end with ';'");
        }
      }
      case INPUT -> {
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
          lines.remove(lines.size() - 1);
        }
        String content = lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
        steps.add(new Scenario.Input(blockLine, inputName, content));
      }
      case MODEL -> {
        if (lines.isEmpty()) {
          throw error(blockLine, "'-- model' block has no description of the model");
        }
        steps.add(new Scenario.Model(blockLine, inputName, String.join(" ", lines)));
      }
      case QUERY -> {
        if (lines.isEmpty()) {
          throw error(blockLine, "'-- query' block has no SQL");
        }
        querySql = sql(lines);
        if (querySql.contains(";")) {
          throw error(sqlLine, "a '-- query' block holds exactly one statement");
        }
      }
      case COLUMNS -> {
        if (columns == null) {
          throw error(blockLine, "'-- columns' block is empty");
        }
      }
      case EXPECT -> {
        if (stop && lines.isEmpty()) {
          throw error(blockLine, "'-- stop' needs at least one expected row to wait for");
        }
        finishQuery(List.copyOf(lines), List.of());
      }
      case EXPECT_ERROR -> {
        if (stop) {
          throw error(blockLine, "'-- stop' waits for rows, not for an error");
        }
        if (lines.isEmpty()) {
          throw error(blockLine, "'-- expect error' needs at least one message fragment");
        }
        finishQuery(List.of(), List.copyOf(lines));
      }
      default -> throw new IllegalStateException("Unhandled block " + block);
    }
    lines.clear();
    block = Block.STATEMENTS;
  }

  private void finishQuery(List<String> rows, List<String> fragments) {
    steps.add(new Scenario.Query(queryLine, querySql, ordered, stop, columns, rows, fragments));
    querySql = null;
    ordered = false;
    stop = false;
    columns = null;
  }

  /** The statement text without its final ';'. */
  private static String sql(List<String> lines) {
    String text = String.join("\n", lines).strip();
    return text.endsWith(";") ? text.substring(0, text.length() - 1).strip() : text;
  }

  private IllegalArgumentException error(int line, String message) {
    return new IllegalArgumentException(file + ":" + line + ": " + message);
  }
}
