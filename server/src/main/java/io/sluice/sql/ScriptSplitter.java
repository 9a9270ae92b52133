package io.sluice.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL script into statements at semicolons that are not inside a string literal, a quoted
 * identifier or a comment, so each statement can be sent on its own.
 */
public final class ScriptSplitter {
  private ScriptSplitter() {}

  public static List<String> split(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int i = 0;
    int length = script.length();
    while (i < length) {
      char c = script.charAt(i);
      if (c == '\'' || c == '"') {
        int end = closing(script, i, c);
        current.append(script, i, end);
        i = end;
      } else if (c == '-' && i + 1 < length && script.charAt(i + 1) == '-') {
        int end = script.indexOf('\n', i);
        end = end < 0 ? length : end;
        current.append(script, i, end);
        i = end;
      } else if (c == '/' && i + 1 < length && script.charAt(i + 1) == '*') {
        int end = script.indexOf("*/", i + 2);
        end = end < 0 ? length : end + 2;
        current.append(script, i, end);
        i = end;
      } else if (c == ';') {
        add(statements, current);
        current.setLength(0);
        i++;
      } else {
        current.append(c);
        i++;
      }
    }
    add(statements, current);
    return statements;
  }

  /** Index just past the quote closing the literal opened at {@code start} ('' escapes a quote). */
  private static int closing(String script, int start, char quote) {
    int i = start + 1;
    while (i < script.length()) {
      if (script.charAt(i) == quote) {
        if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return script.length();
  }

  private static void add(List<String> statements, StringBuilder statement) {
    String text = statement.toString();
    if (!onlyCommentsAndSpace(text)) {
      statements.add(text.strip());
    }
  }

  private static boolean onlyCommentsAndSpace(String text) {
    String withoutComments = text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("--[^\n]*", "");
    return withoutComments.isBlank();
  }
}
