package io.sluice.connector.datagen.nexmark;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The three kinds of Nexmark events; a stream's {@code nexmark.table} option picks one. */
public enum NexmarkTable {
  PERSON,
  AUCTION,
  BID;

  /** The option value naming this table. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The fields events of this kind carry, in the model's order. */
  public List<NexmarkField> fields() {
    return Arrays.stream(NexmarkField.values()).filter(f -> f.table() == this).toList();
  }

  /**
   * The table an option value names, any case.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static NexmarkTable parse(String value) {
    for (NexmarkTable table : values()) {
      if (table.word().equals(value.trim().toLowerCase(Locale.ROOT))) {
        return table;
      }
    }
    throw new IllegalArgumentException(
        "expected one of "
            + Arrays.stream(values()).map(NexmarkTable::word).collect(Collectors.joining(", ")));
  }
}
