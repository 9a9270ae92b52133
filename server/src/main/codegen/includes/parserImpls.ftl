<#--
  Sluice DDL productions, spliced into Calcite's Parser.jj by FMPP.
  CREATE STREAM|TABLE|VIEW|MATERIALIZED VIEW|SINK, DROP, SHOW, STOP QUERY, SET 'key' = 'value'.
-->

boolean IfNotExistsOpt() :
{
}
{
    <IF> <NOT> <EXISTS> { return true; }
|
    { return false; }
}

boolean IfExistsOpt() :
{
}
{
    <IF> <EXISTS> { return true; }
|
    { return false; }
}

/** Parses one column declaration: {@code name type [NOT NULL] [PRIMARY KEY]}. */
void SluiceColumn(List<SqlNode> columns, List<SqlNode> primaryKey) :
{
    final SqlIdentifier id;
    final SqlDataTypeSpec type;
    final boolean nullable;
    final Span s = Span.of();
}
{
    id = SimpleIdentifier()
    type = DataType()
    nullable = NullableOptDefaultTrue()
    {
        columns.add(SqlDdlNodes.column(s.add(id).end(this), id,
            type.withNullable(nullable), null, null));
    }
    [
        <PRIMARY> <KEY> { primaryKey.add(id); }
    ]
}

/** Parses {@code WATERMARK FOR column AS expression [ON LATE INTO stream]}. */
SqlWatermark SluiceWatermark() :
{
    final Span s;
    final SqlIdentifier column;
    final SqlNode delayExpression;
    SqlIdentifier lateStream = null;
}
{
    <WATERMARK> { s = span(); }
    <FOR> column = SimpleIdentifier()
    <AS> delayExpression = Expression(ExprContext.ACCEPT_NON_QUERY)
    [
        <ON> <LATE> <INTO> lateStream = CompoundIdentifier()
    ]
    {
        return new SqlWatermark(s.end(this), column, delayExpression, lateStream);
    }
}

/** Parses the parenthesised element list of CREATE STREAM / CREATE TABLE. */
void SluiceTableElements(List<SqlNode> columns, List<SqlNode> primaryKey,
    List<SqlWatermark> watermarks) :
{
}
{
    <LPAREN>
    SluiceTableElement(columns, primaryKey, watermarks)
    (
        <COMMA> SluiceTableElement(columns, primaryKey, watermarks)
    )*
    <RPAREN>
}

void SluiceTableElement(List<SqlNode> columns, List<SqlNode> primaryKey,
    List<SqlWatermark> watermarks) :
{
    final SqlWatermark watermark;
    final SqlNodeList keyColumns;
}
{
    (
        LOOKAHEAD(2) watermark = SluiceWatermark() { watermarks.add(watermark); }
    |
        <PRIMARY> <KEY> keyColumns = ParenthesizedSimpleIdentifierList() {
            primaryKey.addAll(keyColumns.getList());
        }
    |
        SluiceColumn(columns, primaryKey)
    )
}

/** Parses {@code CREATE STREAM [IF NOT EXISTS] name (elements) [WITH (withOptions)]}. */
SqlCreate SqlCreateStream(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier id;
    final List<SqlNode> columns = new ArrayList<SqlNode>();
    final List<SqlNode> primaryKey = new ArrayList<SqlNode>();
    final List<SqlWatermark> watermarks = new ArrayList<SqlWatermark>();
    SqlNodeList withOptions = SqlNodeList.EMPTY;
}
{
    <STREAM> ifNotExists = IfNotExistsOpt() id = CompoundIdentifier()
    SluiceTableElements(columns, primaryKey, watermarks)
    [
        <WITH> withOptions = ParenthesizedKeyValueOptionCommaList()
    ]
    {
        return new SqlCreateStream(s.end(this), replace, ifNotExists, id,
            new SqlNodeList(columns, s.pos()), watermarks, withOptions);
    }
}

/** Parses {@code CREATE TABLE [IF NOT EXISTS] name (elements) [WITH (withOptions)]}. */
SqlCreate SqlCreateTable(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier id;
    final List<SqlNode> columns = new ArrayList<SqlNode>();
    final List<SqlNode> primaryKey = new ArrayList<SqlNode>();
    final List<SqlWatermark> watermarks = new ArrayList<SqlWatermark>();
    SqlNodeList withOptions = SqlNodeList.EMPTY;
}
{
    <TABLE> ifNotExists = IfNotExistsOpt() id = CompoundIdentifier()
    SluiceTableElements(columns, primaryKey, watermarks)
    [
        <WITH> withOptions = ParenthesizedKeyValueOptionCommaList()
    ]
    {
        return new SqlCreateTable(s.end(this), replace, ifNotExists, id,
            new SqlNodeList(columns, s.pos()),
            new SqlNodeList(primaryKey, s.pos()), watermarks, withOptions);
    }
}

/** Parses {@code DROP STREAM|TABLE|VIEW|MATERIALIZED VIEW|SINK [IF EXISTS] name}. */
SqlDrop SqlDropObject(Span s, boolean replace) :
{
    final SqlDropObject.ObjectKind kind;
    final boolean ifExists;
    final SqlIdentifier id;
}
{
    (
        <STREAM> { kind = SqlDropObject.ObjectKind.STREAM; }
    |
        <TABLE> { kind = SqlDropObject.ObjectKind.TABLE; }
    |
        <VIEW> { kind = SqlDropObject.ObjectKind.VIEW; }
    |
        <MATERIALIZED> <VIEW> { kind = SqlDropObject.ObjectKind.MATERIALIZED_VIEW; }
    |
        <SINK> { kind = SqlDropObject.ObjectKind.SINK; }
    )
    ifExists = IfExistsOpt() id = CompoundIdentifier()
    {
        return new SqlDropObject(s.end(this), kind, ifExists, id);
    }
}

/**
 * Parses {@code SHOW STREAMS|TABLES|VIEWS|MATERIALIZED VIEWS|SINKS|QUERIES|FUNCTIONS}.
 * Any other word after SHOW is reported at its own position rather than at SHOW.
 */
SqlNode SqlShowObjects() :
{
    final Span s;
    SqlShowObjects.ObjectKind kind = null;
    final SqlIdentifier unknown;
}
{
    <SHOW> { s = span(); }
    (
        LOOKAHEAD(1) <STREAMS> { kind = SqlShowObjects.ObjectKind.STREAMS; }
    |
        LOOKAHEAD(1) <TABLES> { kind = SqlShowObjects.ObjectKind.TABLES; }
    |
        LOOKAHEAD(1) <VIEWS> { kind = SqlShowObjects.ObjectKind.VIEWS; }
    |
        LOOKAHEAD(1) <MATERIALIZED> <VIEWS> {
            kind = SqlShowObjects.ObjectKind.MATERIALIZED_VIEWS;
        }
    |
        LOOKAHEAD(1) <SINKS> { kind = SqlShowObjects.ObjectKind.SINKS; }
    |
        LOOKAHEAD(1) <QUERIES> { kind = SqlShowObjects.ObjectKind.QUERIES; }
    |
        LOOKAHEAD(1) <FUNCTIONS> { kind = SqlShowObjects.ObjectKind.FUNCTIONS; }
    |
        unknown = SimpleIdentifier() {
            throw SqlParseErrors.unexpected(unknown.getParserPosition(),
                unknown.getSimple(), SqlShowObjects.allKeywords());
        }
    )
    {
        return new SqlShowObjects(s.end(this), kind);
    }
}
