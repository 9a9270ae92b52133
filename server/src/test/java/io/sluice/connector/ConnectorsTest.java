package io.sluice.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connector.datagen.RateSource;
import io.sluice.connector.datagen.nexmark.NexmarkSource;
import io.sluice.connector.files.FilesSource;
import io.sluice.connector.kafka.KafkaSink;
import io.sluice.connector.kafka.KafkaSource;
import io.sluice.spi.changelog.ChangelogMode;
import io.sluice.spi.connector.Connectors;
import io.sluice.spi.connector.SinkInput;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceMetrics;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Connectors and formats found by name, and every WITH option checked against what they read. */
class ConnectorsTest {
  private static final List<Column> COLUMNS = List.of(Column.of("id", ColumnType.BIGINT));

  private static SourceContext context(String... options) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < options.length; i += 2) {
      map.put(options[i], options[i + 1]);
    }
    return new SourceContext("orders", COLUMNS, map, Path.of("."), new SourceMetrics());
  }

  @Test
  void createsFilesRateNexmarkAndKafkaSourcesIgnoringCase() {
    assertThat(
            Connectors.createSource(context("connector", "files", "path", "in", "format", "csv")))
        .isInstanceOf(FilesSource.class);
    assertThat(Connectors.createSource(context("connector", "DataGen", "kind", "Rate")))
        .isInstanceOf(RateSource.class);
    assertThat(
            Connectors.createSource(
                context("connector", "datagen", "kind", "NexMark", "nexmark.table", "person")))
        .isInstanceOf(NexmarkSource.class);
    // created offline: a Kafka source first contacts the broker when a query reads it
    assertThat(
            Connectors.createSource(
                context(
                    "connector",
                    "Kafka",
                    "topic",
                    "t",
                    "bootstrap.servers",
                    "localhost:1",
                    "format",
                    "json")))
        .isInstanceOf(KafkaSource.class);
  }

  @Test
  void unknownConnectorNamesValueRelationAndSupportedOnes() {
    assertThatThrownBy(() -> Connectors.createSource(context("connector", "pulsar")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Unknown connector 'pulsar' for 'orders'; supported connectors: datagen, files, http, jdbc, kafka, upsert-kafka");
  }

  @Test
  void unknownDatagenKindNamesValueRelationAndSupportedOnes() {
    assertThatThrownBy(
            () -> Connectors.createSource(context("connector", "datagen", "kind", "tpch")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown datagen kind 'tpch' for 'orders'; supported kinds: rate, nexmark");
  }

  @Test
  void missingRequiredOptionsAreNamed() {
    assertThatThrownBy(() -> Connectors.createSource(context()))
        .hasMessageContaining("'connector'")
        .hasMessageContaining("'orders'");
    assertThatThrownBy(() -> Connectors.createSource(context("connector", "datagen")))
        .hasMessageContaining("'kind'");
    assertThatThrownBy(
            () -> Connectors.createSource(context("connector", "files", "format", "csv")))
        .hasMessageContaining("'path'");
    assertThatThrownBy(() -> Connectors.createSource(context("connector", "files", "path", "in")))
        .hasMessageContaining("'format'");
  }

  @Test
  void unknownFormatNamesRelationAndSupportedFormats() {
    assertThatThrownBy(
            () ->
                Connectors.createSource(
                    context("connector", "files", "path", "in", "format", "orc")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'orc'")
        .hasMessageContaining("avro, csv, json, parquet")
        .hasMessageContaining("'orders'");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "datagen | rows-per-second       | fast  | a positive integer",
        "datagen | rows-per-second       | 0     | a positive integer",
        "datagen | number-of-rows        | -5    | a positive integer",
        "datagen | number-of-rows        | 1e3   | a positive integer",
        "files   | max-files-per-trigger | 1.5   | a positive integer",
        "files   | csv.header            | yes   | true or false",
        "files   | csv.delimiter         | ;;    | a single character",
      })
  void invalidOptionValuesAreRejectedUpFrontNamingOptionAndValue(
      String connector, String key, String value, String expected) {
    SourceContext context =
        connector.equals("datagen")
            ? context("connector", connector, "kind", "rate", key, value)
            : context("connector", connector, "path", "in", "format", "csv", key, value);

    assertThatThrownBy(() -> Connectors.createSource(context))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + value + "'")
        .hasMessageContaining("'" + key + "'")
        .hasMessageContaining(expected)
        .hasMessageContaining("'orders'");
  }

  @Test
  void invalidOnErrorPolicyIsRejectedUpFront() {
    assertThatThrownBy(
            () ->
                Connectors.createSource(
                    context(
                        "connector",
                        "files",
                        "path",
                        "in",
                        "format",
                        "json",
                        "on-error",
                        "ignore")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'ignore'")
        .hasMessageContaining("'on-error'");
  }

  @Test
  void anUnknownOrMisspelledOptionIsRefusedListingTheKnownOnes() {
    assertThatThrownBy(
            () ->
                Connectors.createSource(
                    context(
                        "connector", "files", "path", "in", "format", "csv", "on_error", "skip")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Unknown option 'on_error' in WITH clause of 'orders'; connector 'files' with format"
                + " 'csv' takes: connector, csv.delimiter, csv.header, csv.quote, format,"
                + " max-bytes-per-trigger, max-files-per-trigger, on-error, path, sink.rolling.min-rows,"
                + " watermark.idle-timeout");
    assertThatThrownBy(
            () ->
                Connectors.createSource(
                    context("connector", "datagen", "kind", "rate", "path", "x")))
        .hasMessageContaining("Unknown option 'path'")
        .hasMessageContaining("connector 'datagen' takes:")
        .hasMessageContaining("rows-per-second");
  }

  @Test
  void kafkaClientPropertiesPassThroughByPrefix() {
    assertThat(
            Connectors.createSource(
                context(
                    "connector",
                    "kafka",
                    "topic",
                    "t",
                    "bootstrap.servers",
                    "localhost:1",
                    "format",
                    "json",
                    "properties.client.id",
                    "me")))
        .isInstanceOf(KafkaSource.class);
    assertThatThrownBy(
            () ->
                Connectors.createSource(
                    context("connector", "kafka", "topic", "t", "format", "json", "group.id", "g")))
        .hasMessageContaining("Unknown option 'group.id'")
        .hasMessageContaining("properties.*");
  }

  @Test
  void aFormatWithoutTheCodecAConnectorNeedsIsRefusedNamingThoseThatHaveIt() {
    assertThatThrownBy(
            () ->
                Connectors.createSource(
                    context(
                        "connector",
                        "kafka",
                        "topic",
                        "t",
                        "bootstrap.servers",
                        "localhost:1",
                        "format",
                        "parquet")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Format 'parquet' cannot decode Kafka records (for 'orders'); formats that can: avro,"
                + " csv, json");
    assertThatThrownBy(
            () ->
                Connectors.createSource(
                    context("connector", "files", "path", "in", "format", "avro")))
        .hasMessage(
            "Format 'avro' cannot read files (for 'orders'); formats that can: csv, json, parquet");
  }

  @Test
  void aSinkRefusesAChangelogItCannotTake() {
    SourceContext kafka =
        context("connector", "kafka", "topic", "t", "bootstrap.servers", "localhost:1");
    assertThatThrownBy(
            () ->
                Connectors.createSink(
                    kafka, new SinkInput("orders", ChangelogMode.UPSERT, List.of(0)), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Sink 'orders' (connector 'kafka') takes [+I]")
        .hasMessageContaining("its query emits [+I,+U,-D]");
    assertThat(Connectors.createSink(kafka, SinkInput.insertOnly("orders"), true))
        .isInstanceOf(KafkaSink.class);
    // files are never changed in place: updates are refused with the reason and the way out
    assertThatThrownBy(
            () ->
                Connectors.createSink(
                    context("connector", "files", "path", "out", "format", "json"),
                    new SinkInput("orders", ChangelogMode.UPSERT, List.of(0)),
                    true))
        .hasMessageContaining(
            "Sink 'orders' (connector 'files') takes [+I complete table each batch] or [+I]")
        .hasMessageContaining("its rows are updated in place")
        .hasMessageContaining("which connector 'files' cannot do")
        .hasMessageContaining("output mode complete")
        .hasMessageContaining("(connectors that take it: jdbc, upsert-kafka)");
    assertThatThrownBy(
            () ->
                Connectors.createSink(
                    context("connector", "datagen", "kind", "rate"),
                    SinkInput.insertOnly("orders"),
                    true))
        .hasMessageContaining(
            "which cannot be written to; sink connectors: files, jdbc, kafka, upsert-kafka");
  }
}
