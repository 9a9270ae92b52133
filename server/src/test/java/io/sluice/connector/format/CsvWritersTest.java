package io.sluice.connector.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.connector.BadRecordException;
import io.sluice.spi.format.FormatContext;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CSV is written with the delimiter and quote its options choose, as it is read. */
class CsvWritersTest {
  private static final List<Column> COLUMNS =
      List.of(Column.of("id", ColumnType.BIGINT), Column.of("name", ColumnType.VARCHAR));
  private static final Map<String, String> OPTIONS = Map.of("csv.delimiter", ";", "csv.quote", "'");

  private static Batch rows() {
    BatchBuilder builder = new BatchBuilder(DecoderFixture.types(COLUMNS), 2);
    builder.setLong(0, 1);
    builder.setObject(1, "a;b");
    builder.endRow();
    builder.setLong(0, 2);
    builder.setNull(1);
    builder.endRow();
    return builder.build();
  }

  @Test
  void recordsAndFilesUseTheChosenDelimiterAndQuoteAndReadBack() throws Exception {
    FormatContext context = new FormatContext("out", COLUMNS, OPTIONS);
    CsvFormatFactory csv = new CsvFormatFactory();
    byte[] record = csv.rowEncoder(context, new int[] {0, 1}).orElseThrow().encode(rows(), 0);
    assertThat(new String(record, StandardCharsets.UTF_8)).isEqualTo("1;'a;b'");
    String file =
        new String(
            ((CsvFileWriter) csv.fileWriter(context).orElseThrow()).encode(rows()),
            StandardCharsets.UTF_8);
    assertThat(file).isEqualTo("1;'a;b'\n2;\n");
    CsvRowDecoder decoder = new CsvRowDecoder(COLUMNS, OPTIONS);
    assertThat(DecoderFixture.decode(decoder, COLUMNS, "1;'a;b'")).containsExactly(1L, "a;b");
  }

  @Test
  void aBadDelimiterIsNamedWithItsRelation() throws BadRecordException {
    FormatContext context = new FormatContext("out", COLUMNS, Map.of("csv.delimiter", ";;"));
    assertThatThrownBy(() -> new CsvFormatFactory().fileWriter(context))
        .hasMessageContaining("'csv.delimiter'")
        .hasMessageContaining("(in WITH clause of 'out')");
  }
}
