package io.sluice.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.sluice.spi.connector.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dead-letter store keeps a bounded, deduplicated, durable record of bad input. */
class DeadLetterStoreTest {
  @TempDir Path dir;

  private static DeadLetter letter(String relation, int line, long received) {
    return new DeadLetter(
        relation, "file '/in/a.json' line " + line, "Malformed JSON", "{\"id\": " + line, received);
  }

  private static List<String> positions(DeadLetterStore store) {
    return store.list().stream().map(DeadLetter::sourcePosition).toList();
  }

  @Test
  void keepsTheLastLettersUpToItsCapacity() {
    try (DeadLetterStore store = DeadLetterStore.open(dir, 3)) {
      for (int line = 1; line <= 5; line++) {
        store.add(letter("events", line, line));
      }

      assertThat(positions(store))
          .containsExactly(
              "file '/in/a.json' line 3", "file '/in/a.json' line 4", "file '/in/a.json' line 5");
    }
  }

  @Test
  void aRecordMetAgainAtTheSamePositionIsKeptOnce() {
    try (DeadLetterStore store = DeadLetterStore.open(dir)) {
      store.add(letter("events", 1, 10));
      store.add(letter("EVENTS", 1, 20));
      store.add(letter("other", 1, 30));

      assertThat(store.list())
          .extracting(DeadLetter::relation, DeadLetter::receivedMillis)
          .containsExactly(tuple("events", 10L), tuple("other", 30L));
    }
  }

  @Test
  void cutsLongRawTextAndErrorsSayingHowLongTheyWere() {
    String huge = "x".repeat(2 * 1024 * 1024);
    try (DeadLetterStore store = DeadLetterStore.open(dir)) {
      store.add(new DeadLetter("events", "file 'a' line 1", "bad " + huge, huge, 1));

      DeadLetter kept = store.list().get(0);
      assertThat(kept.raw())
          .startsWith("xxxx")
          .endsWith("... [2097152 characters in all]")
          .hasSize(DeadLetterStore.MAX_RAW_CHARS + "... [2097152 characters in all]".length());
      assertThat(kept.error())
          .startsWith("bad xxx")
          .contains("[2097156 characters in all]")
          .hasSizeLessThan(DeadLetterStore.MAX_ERROR_CHARS + 40);
    }
  }

  @Test
  void survivesAReopenEvenAfterALineTornByACrash() throws Exception {
    try (DeadLetterStore store = DeadLetterStore.open(dir)) {
      store.add(letter("events", 1, 10));
      store.add(new DeadLetter("events", "file 'b.parquet'", "Cannot read Parquet file", null, 11));
      store.add(letter("other", 2, 12));
    }
    Files.writeString(
        dir.resolve("events.jsonl"),
        "{\"relation\": \"eve",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);

    try (DeadLetterStore store = DeadLetterStore.open(dir)) {
      assertThat(store.list())
          .containsExactly(
              letter("events", 1, 10),
              new DeadLetter("events", "file 'b.parquet'", "Cannot read Parquet file", null, 11),
              letter("other", 2, 12));
      store.add(letter("events", 3, 13));
    }
    try (DeadLetterStore store = DeadLetterStore.open(dir)) {
      assertThat(positions(store)).hasSize(4).endsWith("file '/in/a.json' line 3");
    }
  }

  @Test
  void readsLettersKeptBeforeTheirPositionFieldWasRenamed() throws Exception {
    Files.writeString(
        dir.resolve("events.jsonl"),
        "{\"relation\":\"events\",\"position\":"
            + "\"file '/in/a.json' line 1\",\"error\":\"Malformed JSON\",\"raw\":\"{\\\"id\\\": 1\","
            + "\"received\":10}\n",
        StandardCharsets.UTF_8);

    try (DeadLetterStore store = DeadLetterStore.open(dir)) {
      assertThat(store.list()).containsExactly(letter("events", 1, 10));
      store.add(letter("events", 2, 11));
    }
    assertThat(Files.readAllLines(dir.resolve("events.jsonl")))
        .last()
        .asString()
        .contains("\"source_position\":\"file '/in/a.json' line 2\"");
  }

  @Test
  void compactsARelationsFileOnceItHoldsTwiceTheCapacity() throws Exception {
    try (DeadLetterStore store = DeadLetterStore.open(dir, 2)) {
      for (int line = 1; line <= 5; line++) {
        store.add(letter("events", line, line));
      }
      assertThat(Files.readAllLines(dir.resolve("events.jsonl"))).hasSize(2);
    }
    try (DeadLetterStore store = DeadLetterStore.open(dir, 2)) {
      assertThat(positions(store))
          .containsExactly("file '/in/a.json' line 4", "file '/in/a.json' line 5");
    }
  }
}
