package io.sluice.jdbc.driver;

import static java.util.Objects.requireNonNull;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;

/**
 * Metadata Avatica's protocol has no request for (primary keys, functions), answered by asking the
 * server in SQL ({@code DESCRIBE}, {@code SHOW FUNCTIONS}) on the same connection.
 */
final class MetadataQueries {
  private static final String CATALOG = "sluice";
  private static final String SCHEMA = "sluice";

  private final AvaticaConnection connection;
  private final Meta meta;

  /**
   * @param meta creates the server-side statement each answer is attached to
   */
  MetadataQueries(AvaticaConnection connection, Meta meta) {
    this.connection = requireNonNull(connection, "connection is null");
    this.meta = requireNonNull(meta, "meta is null");
  }

  Meta.MetaResultSet primaryKeys(Meta.ConnectionHandle ch, String table) {
    List<Object> rows = new ArrayList<>();
    if (table != null && !table.isEmpty()) {
      String quoted = "\"" + table.replace("\"", "\"\"") + "\"";
      try (Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("DESCRIBE " + quoted)) {
        short sequence = 1;
        while (rs.next()) {
          if (rs.getBoolean("primary_key")) {
            rows.add(
                new Object[] {
                  CATALOG, SCHEMA, table, rs.getString("column_name"), sequence++, null
                });
          }
        }
      } catch (SQLException e) {
        // No such table: no keys, as JDBC expects.
      }
    }
    return result(
        ch,
        List.of(
            column(0, "TABLE_CAT", Types.VARCHAR), column(1, "TABLE_SCHEM", Types.VARCHAR),
            column(2, "TABLE_NAME", Types.VARCHAR), column(3, "COLUMN_NAME", Types.VARCHAR),
            column(4, "KEY_SEQ", Types.SMALLINT), column(5, "PK_NAME", Types.VARCHAR)),
        rows);
  }

  Meta.MetaResultSet functions(Meta.ConnectionHandle ch, Meta.Pat namePattern) {
    List<Object> rows = new ArrayList<>();
    Pattern pattern = like(namePattern);
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SHOW FUNCTIONS")) {
      while (rs.next()) {
        String name = rs.getString(1);
        if (pattern.matcher(name).matches()) {
          rows.add(
              new Object[] {
                CATALOG, SCHEMA, name, null, (short) DatabaseMetaData.functionResultUnknown, name
              });
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot list functions: " + e.getMessage(), e);
    }
    return result(
        ch,
        List.of(
            column(0, "FUNCTION_CAT", Types.VARCHAR), column(1, "FUNCTION_SCHEM", Types.VARCHAR),
            column(2, "FUNCTION_NAME", Types.VARCHAR), column(3, "REMARKS", Types.VARCHAR),
            column(4, "FUNCTION_TYPE", Types.SMALLINT), column(5, "SPECIFIC_NAME", Types.VARCHAR)),
        rows);
  }

  private static Pattern like(Meta.Pat pattern) {
    if (pattern == null || pattern.s == null) {
      return Pattern.compile(".*");
    }
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.s.toCharArray()) {
      regex.append(c == '%' ? ".*" : c == '_' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
  }

  private static ColumnMetaData column(int ordinal, String name, int type) {
    ColumnMetaData.Rep rep =
        type == Types.SMALLINT ? ColumnMetaData.Rep.SHORT : ColumnMetaData.Rep.STRING;
    return new ColumnMetaData(
        ordinal,
        false,
        false,
        false,
        false,
        DatabaseMetaData.columnNullable,
        false,
        32,
        name,
        name,
        null,
        0,
        0,
        null,
        null,
        ColumnMetaData.scalar(type, type == Types.SMALLINT ? "SMALLINT" : "VARCHAR", rep),
        true,
        false,
        false,
        type == Types.SMALLINT ? Short.class.getName() : String.class.getName());
  }

  private Meta.MetaResultSet result(
      Meta.ConnectionHandle ch, List<ColumnMetaData> columns, List<Object> rows) {
    Meta.Signature signature =
        Meta.Signature.create(
            columns, null, List.of(), Meta.CursorFactory.ARRAY, Meta.StatementType.SELECT);
    Meta.StatementHandle statement = meta.createStatement(ch);
    return Meta.MetaResultSet.create(
        ch.id, statement.id, true, signature, Meta.Frame.create(0, true, rows));
  }
}
