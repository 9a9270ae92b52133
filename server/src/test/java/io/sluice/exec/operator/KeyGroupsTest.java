package io.sluice.exec.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connector.JavaRows;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A row's subtask: the exchange hashes a batch's key columns as vectors, and restored state hashes
 * the same keys as Java objects, so both must give every key the same hash and subtask.
 */
class KeyGroupsTest {
  private static final List<Column> COLUMNS =
      List.of(
          Column.of("id", ColumnType.BIGINT),
          Column.of("score", ColumnType.DOUBLE),
          Column.of("name", ColumnType.VARCHAR));

  private static Batch batch() {
    List<Object[]> rows = new ArrayList<>();
    for (long i = -3; i < 200; i++) {
      rows.add(
          new Object[] {
            i % 7 == 0 ? null : i * 1_000_003L,
            i % 5 == 0 ? null : i / 3.0,
            i % 11 == 0 ? null : "name-" + i
          });
    }
    return JavaRows.toBatch(COLUMNS, rows);
  }

  @Test
  void vectorHashesEqualTheHashesOfTheSameValuesAsObjects() {
    Batch batch = batch();
    for (int[] keys : new int[][] {{0}, {1}, {2}, {0, 2}, {2, 1, 0}}) {
      int[] hashes = new int[batch.rowCount()];
      KeyGroups.hashes(batch, keys, hashes);
      for (int row = 0; row < batch.rowCount(); row++) {
        Object[] values = new Object[keys.length];
        for (int k = 0; k < keys.length; k++) {
          values[k] = batch.row(row)[keys[k]];
        }
        assertThat(hashes[row])
            .as("row %d, keys %s", row, Arrays.toString(keys))
            .isEqualTo(Arrays.hashCode(values));
      }
    }
  }

  @Test
  void restoredStateIsOwnedByTheSubtaskTheExchangeSendsItsKeyTo() {
    Batch batch = batch();
    int[] keys = {0, 2};
    int[] hashes = new int[batch.rowCount()];
    KeyGroups.hashes(batch, keys, hashes);
    for (int parallelism : new int[] {1, 2, 3, 128}) {
      for (int row = 0; row < batch.rowCount(); row++) {
        int subtask = KeyGroups.subtask(KeyGroups.keyGroup(hashes[row]), parallelism);
        Object[] values = batch.row(row);
        assertThat(StateOwnership.of(0, subtask, parallelism).ownsRow(values, keys))
            .as("row %d at parallelism %d", row, parallelism)
            .isTrue();
      }
    }
  }
}
