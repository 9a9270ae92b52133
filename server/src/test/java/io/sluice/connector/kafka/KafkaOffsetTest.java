package io.sluice.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-partition Kafka offset and its checkpoint JSON form. */
class KafkaOffsetTest {
  @Test
  void roundTripsThroughJsonInPartitionOrder() {
    KafkaOffset offset = new KafkaOffset(Map.of(10, 7L, 2, 0L, 0, 123_456_789_012L));
    assertThat(offset.toJson()).isEqualTo("{\"partitions\":{\"0\":123456789012,\"2\":0,\"10\":7}}");
    assertThat(KafkaOffset.fromJson(offset.toJson())).isEqualTo(offset);
    assertThat(KafkaOffset.fromJson(KafkaOffset.EMPTY.toJson())).isEqualTo(KafkaOffset.EMPTY);
  }

  @Test
  void anUnreadPartitionFallsBackToTheGivenPosition() {
    KafkaOffset offset = new KafkaOffset(Map.of(0, 5L));
    assertThat(offset.position(0, 99)).isEqualTo(5);
    assertThat(offset.position(1, 99)).isEqualTo(99);
  }

  @Test
  void rejectsWhatIsNotAKafkaOffset() {
    assertThatThrownBy(() -> KafkaOffset.fromJson("{\"files\": []}"))
        .hasMessageContaining("no 'partitions' object");
    assertThatThrownBy(() -> KafkaOffset.fromJson("{\"partitions\": {\"x\": 1}}"))
        .hasMessageContaining("partition 'x' is not an integer");
    assertThatThrownBy(() -> KafkaOffset.fromJson("{\"partitions\": {\"0\": \"1\"}}"))
        .hasMessageContaining("is not an integer");
    assertThatThrownBy(() -> KafkaOffset.fromJson("{\"partitions\": {\"0\": -1}}"))
        .hasMessageContaining("Invalid Kafka position");
    assertThatThrownBy(() -> KafkaOffset.fromJson("not json"))
        .hasMessageStartingWith("Not a Kafka offset");
  }
}
