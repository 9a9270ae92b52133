package io.sluice.server.system;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.RelationDefinition;
import io.sluice.catalog.RelationDefinitions;
import io.sluice.connector.DeadLetterStore;
import io.sluice.spi.connector.DeadLetter;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sys.dead_letters}: bad records kept by streams under {@code 'on-error' = 'dead-letter'}.
 */
public final class DeadLettersTable implements SystemTable {
  private static final RelationDefinition DEFINITION =
      RelationDefinitions.systemTable(
          "dead_letters",
          List.of(
              Column.of("relation", ColumnType.VARCHAR),
              Column.of("source_position", ColumnType.VARCHAR),
              Column.of("error", ColumnType.VARCHAR),
              Column.of("raw", ColumnType.VARCHAR),
              Column.of("received", ColumnType.TIMESTAMP)));

  private final DeadLetterStore deadLetters;

  public DeadLettersTable(DeadLetterStore deadLetters) {
    this.deadLetters = requireNonNull(deadLetters, "deadLetters is null");
  }

  @Override
  public RelationDefinition definition() {
    return DEFINITION;
  }

  @Override
  public List<Object[]> rows() {
    List<Object[]> rows = new ArrayList<>();
    for (DeadLetter letter : deadLetters.list()) {
      rows.add(
          new Object[] {
            letter.relation(),
            letter.sourcePosition(),
            letter.error(),
            letter.raw(),
            letter.receivedMillis()
          });
    }
    return rows;
  }
}
