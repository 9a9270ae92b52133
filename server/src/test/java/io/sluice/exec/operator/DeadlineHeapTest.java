package io.sluice.exec.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The heap of held rows' deadlines hands refs back earliest time first, whatever the order in. */
class DeadlineHeapTest {
  @Test
  void pollsInTimeOrderWhileEntriesKeepComing() {
    DeadlineHeap heap = new DeadlineHeap();
    Random random = new Random(7);
    List<long[]> model = new ArrayList<>();
    List<Long> polled = new ArrayList<>();
    List<Long> expected = new ArrayList<>();
    for (int round = 0; round < 50; round++) {
      for (int i = 0; i < 100; i++) {
        long time = random.nextInt(1_000) + round * 10L;
        long ref = round * 1_000L + i;
        heap.add(time, ref);
        model.add(new long[] {time, ref});
      }
      model.sort(Comparator.comparingLong(entry -> entry[0]));
      long before = round * 10L + 300;
      while (!heap.isEmpty() && heap.peekTime() < before) {
        long time = heap.peekTime();
        polled.add(time);
        heap.poll();
      }
      while (!model.isEmpty() && model.get(0)[0] < before) {
        expected.add(model.remove(0)[0]);
      }
    }
    assertThat(polled).isEqualTo(expected).isNotEmpty();
  }
}
