package io.sluice.exec.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The primitive group table agrees with a plain map under inserts, lookups and removals. */
class LongKeyGroupTableTest {
  @Test
  void agreesWithAMapOfBoxedKeys() {
    LongKeyGroupTable table = new LongKeyGroupTable(2);
    Map<List<Object>, Integer> model = new HashMap<>();
    Random random = new Random(42);
    for (int step = 0; step < 200_000; step++) {
      // Few distinct values, so keys repeat, collide and are removed often; some are NULL.
      Long a = random.nextInt(10) == 0 ? null : (long) random.nextInt(300);
      Long b = random.nextInt(10) == 0 ? null : (long) random.nextInt(7) * 1_000_000_007L;
      List<Object> key = Arrays.asList(a, b);
      if (random.nextInt(3) == 0 && model.containsKey(key)) {
        table.remove(model.remove(key));
        continue;
      }
      int id = table.idOf(new Object[] {a, b});
      Integer known = model.get(key);
      if (known == null) {
        assertThat(table.isNew()).as("new key %s", key).isTrue();
        assertThat(model.containsValue(id)).as("id %s reused while live", id).isFalse();
        model.put(key, id);
      } else {
        assertThat(table.isNew()).as("known key %s", key).isFalse();
        assertThat(id).isEqualTo(known);
      }
      assertThat(Arrays.asList(table.keyOf(id))).isEqualTo(key);
    }
    assertThat(table.size()).isEqualTo(model.size());
    List<List<Object>> live = new ArrayList<>();
    for (int id = 0; id < table.capacity(); id++) {
      if (table.contains(id)) {
        live.add(Arrays.asList(table.keyOf(id)));
      }
    }
    assertThat(live).containsExactlyInAnyOrderElementsOf(model.keySet());
  }

  @Test
  void nullAndZeroAreDifferentKeys() {
    LongKeyGroupTable table = new LongKeyGroupTable(1);
    int zero = table.idOf(new long[] {0}, 0);
    int nul = table.idOf(new long[] {0}, 1);
    assertThat(nul).isNotEqualTo(zero);
    assertThat(table.keyOf(nul)).containsExactly((Object) null);
    assertThat(table.keyOf(zero)).containsExactly(0L);
  }
}
