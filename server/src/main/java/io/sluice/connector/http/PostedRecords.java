package io.sluice.connector.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a post's body into records: one per non-blank line (newline-delimited JSON or CSV), or,
 * for JSON, the elements of an array when the body is one.
 */
final class PostedRecords {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * One record and where it was in the body.
   *
   * @param position e.g. {@code line 3} or {@code element 2}, for messages
   * @param text the record's text
   */
  record Posted(String position, String text) {}

  private PostedRecords() {}

  /**
   * @param json whether the stream's format is JSON (then a body that is an array is read as one)
   * @param skipHeader whether the first non-blank line is a CSV header, not a record
   * @throws IllegalArgumentException for a JSON array body that does not parse
   */
  static List<Posted> split(String body, boolean json, boolean skipHeader) {
    List<Posted> records = new ArrayList<>();
    if (json && body.stripLeading().startsWith("[")) {
      JsonNode array;
      try {
        array = MAPPER.readTree(body);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            "The body starts with '[' but is not a JSON array: " + e.getOriginalMessage(), e);
      }
      if (!array.isArray()) {
        throw new IllegalArgumentException("The body starts with '[' but is not a JSON array");
      }
      int element = 0;
      for (JsonNode record : array) {
        element++;
        records.add(new Posted("element " + element, record.toString()));
      }
      return records;
    }
    int line = 0;
    int start = 0;
    boolean headerSkipped = !skipHeader;
    while (start <= body.length()) {
      int newline = body.indexOf('\n', start);
      int end = newline < 0 ? body.length() : newline;
      line++;
      String text = body.substring(start, end);
      if (text.endsWith("\r")) {
        text = text.substring(0, text.length() - 1);
      }
      if (!text.isBlank()) {
        if (headerSkipped) {
          records.add(new Posted("line " + line, text));
        } else {
          headerSkipped = true;
        }
      }
      if (newline < 0) {
        break;
      }
      start = newline + 1;
    }
    return records;
  }
}
