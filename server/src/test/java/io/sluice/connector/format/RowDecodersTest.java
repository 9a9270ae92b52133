package io.sluice.connector.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowDecodersTest {
  private static final List<Column> COLUMNS = List.of(Column.of("a", ColumnType.BIGINT));

  @Test
  void picksDecoderByFormatIgnoringCase() {
    assertThat(RowDecoders.forFormat("json", COLUMNS, Map.of())).isInstanceOf(JsonRowDecoder.class);
    assertThat(RowDecoders.forFormat(" CSV ", COLUMNS, Map.of())).isInstanceOf(CsvRowDecoder.class);
  }

  @Test
  void unknownFormatListsSupportedOnes() {
    assertThatThrownBy(() -> RowDecoders.forFormat("avro", COLUMNS, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unsupported format 'avro'; supported formats: json, csv");
  }
}
