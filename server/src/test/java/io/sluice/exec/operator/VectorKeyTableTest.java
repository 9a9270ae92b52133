package io.sluice.exec.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.type.ColumnType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drives a {@link VectorKeyTable} as the operators do (look a batch row's key up, add it where it
 * is missing and write it into the store, forget keys, restore keys through a spare slot) against a
 * map, over a one-column BIGINT key and a two-column key, NULLs among them.
 */
class VectorKeyTableTest {

  @ParameterizedTest(name = "{0}-column key")
  @ValueSource(ints = {1, 2})
  void findsWhatWasAddedAndNothingRemovedThroughGrowthRemovalAndRestore(int width) {
    List<ColumnType> types =
        width == 1 ? List.of(ColumnType.BIGINT) : List.of(ColumnType.BIGINT, ColumnType.VARCHAR);
    int[] keyColumns = width == 1 ? new int[] {0} : new int[] {0, 1};
    RowStore store = new RowStore(types);
    VectorKeyTable table = new VectorKeyTable(store, keyColumns);
    Map<List<Object>, Integer> model = new HashMap<>();
    Random random = new Random(7);
    int largest = 0;
    for (int round = 0; round < 200; round++) {
      // a batch of keys from a small range (hits and misses alike), NULL now and then
      ColumnVector[] batch = new ColumnVector[width];
      for (int c = 0; c < width; c++) {
        batch[c] = ColumnVector.allocate(types.get(c), 64);
      }
      List<List<Object>> keys = new ArrayList<>();
      for (int r = 0; r < 64; r++) {
        Long id = random.nextInt(40) == 0 ? null : (long) random.nextInt(3_000) - 1_500;
        String text = width == 1 || random.nextInt(30) == 0 ? null : "k" + random.nextInt(3);
        List<Object> key = width == 1 ? Arrays.asList(id) : Arrays.asList(id, text);
        keys.add(key);
        for (int c = 0; c < width; c++) {
          batch[c].setObject(r, key.get(c));
        }
      }
      for (int r = 0; r < 64; r++) {
        int hash = table.hash(batch, r);
        int slot = table.find(batch, r, hash);
        Integer expected = model.get(keys.get(r));
        assertThat(slot).as("slot of %s", keys.get(r)).isEqualTo(expected == null ? -1 : expected);
        if (slot < 0) {
          slot = table.add(hash);
          store.copyColumns(batch, r, slot, keyColumns);
          model.put(keys.get(r), slot);
        }
      }
      // forget about a third of the keys, so that slots are handed out again and probe runs shift
      for (Map.Entry<List<Object>, Integer> entry : new ArrayList<>(model.entrySet())) {
        if (random.nextInt(3) == 0) {
          table.remove(entry.getValue());
          store.clear(entry.getValue());
          model.remove(entry.getKey());
        }
      }
      // a key restored from a snapshot goes through a spare slot, as the operators do
      List<Object> restored = keys.get(random.nextInt(keys.size()));
      int probe = table.slotLimit();
      store.setRow(restored.toArray(), probe);
      int hash = table.hashOfSlot(probe);
      int found = table.findSlot(probe, hash);
      Integer expected = model.get(restored);
      assertThat(found).isEqualTo(expected == null ? -1 : expected);
      if (found < 0) {
        int slot = table.add(hash);
        if (slot != probe) {
          store.setRow(restored.toArray(), slot);
          store.clear(probe);
        }
        model.put(restored, slot);
      }
      assertThat(table.size()).isEqualTo(model.size());
      largest = Math.max(largest, model.size());
      for (int slot : table.liveSlots()) {
        assertThat(model).containsValue(slot);
      }
    }
    // the table grew from its first 32 positions several times over
    assertThat(largest).as("most keys held at once").isGreaterThan(100);
  }
}
