package io.sluice.connector.jdbc;

import static java.util.Objects.requireNonNull;

/**
 * A column of a database table as its metadata describes it.
 *
 * @param name the name as the database stores it
 * @param jdbcType its {@link java.sql.Types} code
 * @param typeName the database's name of its type, e.g. {@code varchar}, {@code int8}
 * @param size the length of a character type or precision of a number, 0 if unknown
 * @param nullable whether it takes NULL
 * @param hasDefault whether an insert may leave it out (a default, an identity, a generated value)
 */
record TargetColumn(
    String name, int jdbcType, String typeName, int size, boolean nullable, boolean hasDefault) {
  TargetColumn {
    requireNonNull(name, "name is null");
    requireNonNull(typeName, "typeName is null");
  }

  /** E.g. {@code varchar(20)} or {@code int8}, in lower case, for messages. */
  String describe() {
    String type = typeName.toLowerCase(java.util.Locale.ROOT);
    boolean sized =
        size > 0
            && size < Integer.MAX_VALUE
            && (jdbcType == java.sql.Types.VARCHAR
                || jdbcType == java.sql.Types.CHAR
                || jdbcType == java.sql.Types.NVARCHAR
                || jdbcType == java.sql.Types.NCHAR);
    return sized ? type + "(" + size + ")" : type;
  }
}
