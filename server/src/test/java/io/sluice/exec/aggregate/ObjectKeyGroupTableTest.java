package io.sluice.exec.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The open-addressing group table keeps one id per live key through growth and removals (holes in
 * probe runs closed by shifting), against a plain map as the model.
 */
class ObjectKeyGroupTableTest {
  private static Object[] key(Random random) {
    int n = random.nextInt(3_000);
    return new Object[] {
      n % 7 == 0 ? null : "channel-" + (n % 500), n % 11 == 0 ? null : (long) (n / 500)
    };
  }

  @Test
  void aNewGroupKeepsACopyOfItsKeySoTheCallerMayReuseTheArray() {
    ObjectKeyGroupTable table = new ObjectKeyGroupTable();
    Object[] scratch = {"Google", "2026-12-07"};
    int google = table.idOf(scratch);
    scratch[0] = "Apple";
    int apple = table.idOf(scratch);
    assertThat(table.isNew()).isTrue();
    assertThat(apple).isNotEqualTo(google);
    assertThat(table.keyOf(google)).containsExactly("Google", "2026-12-07");
    assertThat(table.keyOf(apple)).containsExactly("Apple", "2026-12-07");
    scratch[0] = "Google";
    assertThat(table.idOf(scratch)).isEqualTo(google);
    assertThat(table.isNew()).isFalse();
  }

  @Test
  void idsFollowAModelMapThroughGrowthAndRemovals() {
    ObjectKeyGroupTable table = new ObjectKeyGroupTable();
    Map<List<Object>, Integer> model = new HashMap<>();
    Random random = new Random(5);
    for (int step = 0; step < 200_000; step++) {
      Object[] key = key(random);
      List<Object> modelKey = Arrays.asList(key);
      if (random.nextInt(3) == 0 && !model.isEmpty()) {
        Integer id = model.remove(modelKey);
        if (id != null) {
          assertThat(table.contains(id)).isTrue();
          table.remove(id);
          assertThat(table.contains(id)).isFalse();
        }
      } else {
        // a fresh array with equal values finds the same group
        int id = table.idOf(key.clone());
        Integer known = model.get(modelKey);
        if (known == null) {
          assertThat(table.isNew()).as("step %d", step).isTrue();
          assertThat(model.containsValue(id)).as("id %d handed out twice", id).isFalse();
          model.put(modelKey, id);
        } else {
          assertThat(table.isNew()).as("step %d", step).isFalse();
          assertThat(id).as("step %d", step).isEqualTo(known);
        }
        assertThat(table.keyOf(id)).containsExactly(key);
      }
      assertThat(table.size()).isEqualTo(model.size());
    }
    // every live key is still found; removed ids were reused, so ids stay below the most live
    List<Integer> ids = new ArrayList<>(model.values());
    for (Map.Entry<List<Object>, Integer> entry : model.entrySet()) {
      assertThat(table.idOf(entry.getKey().toArray())).isEqualTo(entry.getValue());
      assertThat(table.isNew()).isFalse();
    }
    assertThat(table.capacity()).isLessThanOrEqualTo(3_000);
    assertThat(ids).doesNotHaveDuplicates();
  }
}
