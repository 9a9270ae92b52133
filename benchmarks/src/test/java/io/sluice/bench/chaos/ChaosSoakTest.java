package io.sluice.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2-minute chaos soak: files landed all along, the server killed with SIGKILL at least 5 times
 * and started again, and every output — a stateless files sink, a windowed files sink, a Kafka sink
 * on a real broker and a materialized view — exactly what the model says.
 */
class ChaosSoakTest {
  @TempDir Path temp;

  @Test
  void twoMinutesOfKillsLoseDuplicateAndAlterNothing() throws Exception {
    // -Dchaos.minutes=30 for a longer soak with the same broker and checks
    double minutes = Double.parseDouble(System.getProperty("chaos.minutes", "2"));
    // -Dchaos.dir=/some/folder keeps a run's input, outputs and server data for inspection
    String keep = System.getProperty("chaos.dir");
    Path dir = keep == null || keep.isBlank() ? temp : Path.of(keep);
    try (KafkaClusterTestKit kafka = startKafka()) {
      ChaosReport report =
          assertTimeoutPreemptively(
              Duration.ofMinutes((long) minutes + 35),
              () ->
                  ChaosSoak.run(
                      new ChaosOptions(minutes, dir, kafka.bootstrapServers(), 18L, false)));
      System.out.print(report.render());
      assertThat(report.kills()).as("kills").isGreaterThanOrEqualTo(5);
      assertThat(report.midBatchKills()).as("kills mid-batch").isPositive();
      assertThat(report.outputs()).hasSize(4);
      assertThat(report.outputs())
          .allSatisfy(
              output -> {
                assertThat(output.expected()).as(output.name() + " expected").isPositive();
                assertThat(output.lost()).as(output.name() + " lost").isZero();
                assertThat(output.duplicated()).as(output.name() + " duplicated").isZero();
                assertThat(output.wrong()).as(output.name() + " wrong").isZero();
              });
    }
  }

  private static KafkaClusterTestKit startKafka() throws Exception {
    KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("transaction.state.log.num.partitions", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("auto.create.topics.enable", "false")
            .build();
    try {
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }
}
