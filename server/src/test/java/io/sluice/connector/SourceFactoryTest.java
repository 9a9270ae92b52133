package io.sluice.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connector.datagen.RateSource;
import io.sluice.connector.datagen.nexmark.NexmarkSource;
import io.sluice.connector.files.FilesSource;
import io.sluice.connector.kafka.KafkaSource;
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

class SourceFactoryTest {
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
    assertThat(SourceFactory.create(context("connector", "files", "path", "in", "format", "csv")))
        .isInstanceOf(FilesSource.class);
    assertThat(SourceFactory.create(context("connector", "DataGen", "kind", "Rate")))
        .isInstanceOf(RateSource.class);
    assertThat(
            SourceFactory.create(
                context("connector", "datagen", "kind", "NexMark", "nexmark.table", "person")))
        .isInstanceOf(NexmarkSource.class);
    // created offline: a Kafka source first contacts the broker when a query reads it
    assertThat(
            SourceFactory.create(
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
    assertThatThrownBy(() -> SourceFactory.create(context("connector", "pulsar")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Unknown connector 'pulsar' for 'orders'; supported connectors: files, datagen,"
                + " kafka");
  }

  @Test
  void unknownDatagenKindNamesValueRelationAndSupportedOnes() {
    assertThatThrownBy(() -> SourceFactory.create(context("connector", "datagen", "kind", "tpch")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown datagen kind 'tpch' for 'orders'; supported kinds: rate, nexmark");
  }

  @Test
  void missingRequiredOptionsAreNamed() {
    assertThatThrownBy(() -> SourceFactory.create(context()))
        .hasMessageContaining("'connector'")
        .hasMessageContaining("'orders'");
    assertThatThrownBy(() -> SourceFactory.create(context("connector", "datagen")))
        .hasMessageContaining("'kind'");
    assertThatThrownBy(() -> SourceFactory.create(context("connector", "files", "format", "csv")))
        .hasMessageContaining("'path'");
    assertThatThrownBy(() -> SourceFactory.create(context("connector", "files", "path", "in")))
        .hasMessageContaining("'format'");
  }

  @Test
  void unknownFormatNamesRelationAndSupportedFormats() {
    assertThatThrownBy(
            () ->
                SourceFactory.create(context("connector", "files", "path", "in", "format", "orc")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'orc'")
        .hasMessageContaining("json, csv, parquet")
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
        context("connector", connector, "kind", "rate", "path", "in", "format", "csv", key, value);

    assertThatThrownBy(() -> SourceFactory.create(context))
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
                SourceFactory.create(
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
}
