package io.sluice.connector.datagen.nexmark;

import io.sluice.spi.type.ColumnType;

/**
 * Where the generator writes a batch of events: for each field a reader asked for, the array of its
 * column (fields not asked for are drawn but neither spelled nor stored), and the padding as
 * windows of the letter pool ({@link NexmarkStrings#text} spells one).
 */
final class EventColumns {
  private static final int FIELDS = NexmarkField.values().length;

  private final long[][] longs = new long[FIELDS][];
  private final Object[][] objects = new Object[FIELDS][];

  /** Padding windows by row; null when the padding is not read (then it is not even drawn). */
  private final long[] paddings;

  // one generator of draws for the batch, reseeded per event: a new one per event was not always
  // scalar-replaced by the JIT (200 MB of them in a run of Nexmark q16)
  private final NexmarkRandom draws = new NexmarkRandom(0);

  EventColumns(long[] paddings) {
    this.paddings = paddings;
  }

  /** Columns of one event of {@code table}, every field asked for (padding as a window). */
  static EventColumns ofOneEvent(NexmarkTable table) {
    EventColumns columns = new EventColumns(new long[1]);
    for (NexmarkField field : table.fields()) {
      if (field.isPadding()) {
        continue;
      }
      if (field.type().vectorKind() == ColumnType.VectorKind.LONG) {
        columns.receive(field, new long[1]);
      } else {
        columns.receive(field, new Object[1]);
      }
    }
    return columns;
  }

  /** Asks for {@code field}, whose values go to {@code values}. */
  void receive(NexmarkField field, long[] values) {
    longs[field.ordinal()] = values;
  }

  /** Asks for {@code field}, whose values go to {@code values}. */
  void receive(NexmarkField field, Object[] values) {
    objects[field.ordinal()] = values;
  }

  /** The batch's generator of random draws, reseeded with {@code seed} for the next event. */
  NexmarkRandom drawsFrom(long seed) {
    draws.reseed(seed);
    return draws;
  }

  boolean reads(NexmarkField field) {
    return longs[field.ordinal()] != null || objects[field.ordinal()] != null;
  }

  boolean readsPadding() {
    return paddings != null;
  }

  void put(NexmarkField field, int row, long value) {
    long[] values = longs[field.ordinal()];
    if (values != null) {
      values[row] = value;
    }
  }

  void put(NexmarkField field, int row, Object value) {
    Object[] values = objects[field.ordinal()];
    if (values != null) {
      values[row] = value;
    }
  }

  void putPadding(int row, long window) {
    paddings[row] = window;
  }

  long longAt(NexmarkField field, int row) {
    return longs[field.ordinal()][row];
  }

  String textAt(NexmarkField field, int row) {
    return (String) objects[field.ordinal()][row];
  }

  long paddingAt(int row) {
    return paddings[row];
  }
}
