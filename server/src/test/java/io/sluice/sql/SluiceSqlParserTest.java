package io.sluice.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.sql.parser.impl.SluiceSqlParserImpl;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParserFixture;
import org.apache.calcite.sql.parser.UnicodeLiteralsSqlParserTest;
import org.junit.jupiter.api.Test;

/** Re-runs every Calcite core parser case against Sluice's extended grammar. */
class SluiceSqlParserTest extends UnicodeLiteralsSqlParserTest {
  @Override
  public SqlParserFixture fixture() {
    return super.fixture().withConfig(c -> c.withParserFactory(SluiceSqlParserImpl.FACTORY));
  }

  /** Guards the override above: were the fixture still Calcite's parser, this would not parse. */
  @Test
  void fixtureUsesSluiceGrammar() {
    sql("create stream s (a int, watermark for a as a)")
        .ok("CREATE STREAM `S` (`A` INTEGER, WATERMARK FOR `A` AS `A`)");
  }

  /**
   * UUID() is Flink's function although UUID is a reserved word (a type); the type and the UUID
   * literal keep parsing, and the call's text parses back.
   */
  @Test
  void uuidFunctionCallNextToTheUuidType() {
    sql("select uuid(), cast(x as uuid), uuid '123e4567-e89b-12d3-a456-426614174000' from t")
        .ok(
            "SELECT `UUID`(), CAST(`X` AS UUID), UUID '123e4567-e89b-12d3-a456-426614174000'\n"
                + "FROM `T`");
    sql("select \"UUID\"() from t").ok("SELECT `UUID`()\nFROM `T`");
  }

  /**
   * Sluice's counterpart of Calcite's CoreSqlParserTest#testNoUnintendedNewReservedKeywords, which
   * Calcite skips for subclasses: keywords Sluice adds stay usable as identifiers, except EMIT,
   * which must be reserved so that {@code CREATE SINK ... AS SELECT * FROM t EMIT APPEND} does not
   * read EMIT as an alias of t.
   */
  @Test
  void noUnintendedNewReservedKeywords() {
    SqlAbstractParserImpl.Metadata metadata = fixture().parser().getMetadata();
    SortedSet<String> reserved = new TreeSet<>();
    for (String token : metadata.getTokens()) {
      if (metadata.isKeyword(token) && metadata.isReservedWord(token)) {
        reserved.add(token);
      }
    }
    SortedSet<String> expected = new TreeSet<>(getReservedKeywords());
    expected.add("EMIT");
    assertThat(reserved).isEqualTo(expected);
  }
}
