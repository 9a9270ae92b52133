<#--
  Sluice DDL productions, spliced into Calcite's Parser.jj by FMPP.
  CREATE STREAM|TABLE|VIEW|MATERIALIZED VIEW|SINK|FUNCTION|MODEL, ALTER MODEL|SINK|MATERIALIZED VIEW, DESCRIBE MODEL, DROP,
  SHOW, STOP QUERY, RESTART QUERY, SET 'key' = 'value', and ML_PREDICT's MODEL name argument.
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

/**
 * Parses one column declaration: {@code name type [NOT NULL] [PRIMARY KEY [NOT ENFORCED]]}, or a computed column
 * {@code name AS expression} (Flink's, e.g. {@code pt AS PROCTIME()}).
 */
void SluiceColumn(List<SqlNode> columns, List<SqlNode> primaryKey) :
{
    final SqlIdentifier id;
    final SqlDataTypeSpec type;
    final boolean nullable;
    final SqlNode expression;
    final Span s = Span.of();
}
{
    id = SimpleIdentifier()
    (
        <AS> expression = Expression(ExprContext.ACCEPT_NON_QUERY)
        {
            columns.add(new SqlComputedColumn(s.add(id).end(this), id, expression));
        }
    |
        type = DataType()
        nullable = NullableOptDefaultTrue()
        {
            columns.add(SqlDdlNodes.column(s.add(id).end(this), id,
                type.withNullable(nullable), null, null));
        }
        [
            <PRIMARY> <KEY> { primaryKey.add(id); }
            // Flink's spelling: a stream's key is a promise of its input, never checked
            [ <NOT> <ENFORCED> ]
        ]
    )
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
        [ <NOT> <ENFORCED> ]
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
            new SqlNodeList(columns, s.pos()), new SqlNodeList(primaryKey, s.pos()),
            watermarks, withOptions);
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

/** Parses {@code CREATE [OR REPLACE] VIEW [IF NOT EXISTS] name [(column, ...)] AS query}. */
SqlCreate SqlCreateView(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier id;
    SqlNodeList columnList = null;
    final SqlNode query;
}
{
    <VIEW> ifNotExists = IfNotExistsOpt() id = CompoundIdentifier()
    [ columnList = ParenthesizedSimpleIdentifierList() ]
    <AS> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    {
        return new SqlCreateView(s.end(this), replace, ifNotExists, id, columnList, query);
    }
}

/** Parses {@code CREATE MATERIALIZED VIEW [IF NOT EXISTS] name [WITH (options)] [emit] AS query}. */
SqlCreate SqlCreateMaterializedView(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier id;
    SqlNodeList withOptions = SqlNodeList.EMPTY;
    SqlEmit emit = null;
    final SqlNode query;
}
{
    <MATERIALIZED> <VIEW> ifNotExists = IfNotExistsOpt() id = CompoundIdentifier()
    [ <WITH> withOptions = ParenthesizedKeyValueOptionCommaList() ]
    [ emit = SluiceEmit() ]
    <AS> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    {
        return new SqlCreateMaterializedView(s.end(this), replace, ifNotExists, id,
            withOptions, emit, query);
    }
}

/**
 * Parses {@code CREATE SINK [IF NOT EXISTS] name WITH (options) AS query [emit]}.
 * EMIT is a reserved word so that {@code ... FROM t EMIT APPEND} does not read EMIT as an
 * alias of t; TRIGGER is reserved already.
 */
SqlCreate SqlCreateSink(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier id;
    final SqlNodeList withOptions;
    final SqlNode query;
    SqlEmit emit = null;
}
{
    <SINK> ifNotExists = IfNotExistsOpt() id = CompoundIdentifier()
    <WITH> withOptions = ParenthesizedKeyValueOptionCommaList()
    <AS> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    [ emit = SluiceEmit() ]
    {
        return new SqlCreateSink(s.end(this), replace, ifNotExists, id, withOptions, query,
            emit);
    }
}

/**
 * Parses {@code CREATE [OR REPLACE] FUNCTION [IF NOT EXISTS] name AS 'class' [LANGUAGE JAVA]
 * [USING JAR 'path' [, JAR 'path']*]}, Flink's spelling.
 */
SqlCreate SqlCreateFunction(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier id;
    final SqlNode className;
    final List<SqlNode> jars = new ArrayList<SqlNode>();
    SqlNode jar;
}
{
    <FUNCTION> ifNotExists = IfNotExistsOpt() id = CompoundIdentifier()
    <AS> className = StringLiteral()
    [ <LANGUAGE> <JAVA> ]
    [
        <USING> <JAR> jar = StringLiteral() { jars.add(jar); }
        ( <COMMA> <JAR> jar = StringLiteral() { jars.add(jar); } )*
    ]
    {
        return new SqlCreateFunction(s.end(this), replace, ifNotExists, id,
            (SqlLiteral) className, new SqlNodeList(jars, s.end(this)));
    }
}

/**
 * Parses {@code CREATE [OR REPLACE] MODEL [IF NOT EXISTS] name INPUT (columns) OUTPUT (columns)
 * [COMMENT 'text'] WITH (options)}, Flink's syntax.
 */
SqlCreate SqlCreateModel(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier id;
    final List<SqlNode> inputs = new ArrayList<SqlNode>();
    final List<SqlNode> outputs = new ArrayList<SqlNode>();
    final Span inputSpan;
    final Span outputSpan;
    SqlNode comment = null;
    final SqlNodeList withOptions;
}
{
    <MODEL> ifNotExists = IfNotExistsOpt() id = CompoundIdentifier()
    <INPUT> { inputSpan = span(); } SluiceModelColumns(inputs)
    <OUTPUT> { outputSpan = span(); } SluiceModelColumns(outputs)
    [ <COMMENT> comment = StringLiteral() ]
    <WITH> withOptions = ParenthesizedKeyValueOptionCommaList()
    {
        return new SqlCreateModel(s.end(this), replace, ifNotExists, id,
            new SqlNodeList(inputs, inputSpan.end(this)),
            new SqlNodeList(outputs, outputSpan.end(this)),
            (SqlLiteral) comment, withOptions);
    }
}

/** Parses a model's {@code (name type [NOT NULL] [COMMENT 'text'], …)}. */
void SluiceModelColumns(List<SqlNode> columns) :
{
}
{
    <LPAREN>
    SluiceModelColumn(columns)
    (
        <COMMA> SluiceModelColumn(columns)
    )*
    <RPAREN>
}

void SluiceModelColumn(List<SqlNode> columns) :
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
    [ <COMMENT> StringLiteral() ]
    {
        columns.add(SqlDdlNodes.column(s.add(id).end(this), id,
            type.withNullable(nullable), null, null));
    }
}

/** Parses {@code ALTER MODEL [IF EXISTS] name SET ('key' = 'value', …)}. */
SqlNode SqlAlterModel() :
{
    final Span s;
    final boolean ifExists;
    final SqlIdentifier id;
    final SqlNodeList settings;
}
{
    <ALTER> { s = span(); } <MODEL>
    ifExists = IfExistsOpt() id = CompoundIdentifier()
    <SET> settings = ParenthesizedKeyValueOptionCommaList()
    {
        return new SqlAlterModel(s.end(this), ifExists, id, settings);
    }
}

/**
 * Parses {@code ALTER SINK|MATERIALIZED VIEW [IF EXISTS] name SET ('key' = 'value', …)}: Flink's
 * {@code ALTER TABLE … SET} for persistent queries.
 */
SqlNode SqlAlterPersistentQuery() :
{
    final Span s;
    final boolean materializedView;
    final boolean ifExists;
    final SqlIdentifier id;
    final SqlNodeList settings;
}
{
    <ALTER> { s = span(); }
    (
        <SINK> { materializedView = false; }
    |
        <MATERIALIZED> <VIEW> { materializedView = true; }
    )
    ifExists = IfExistsOpt() id = CompoundIdentifier()
    <SET> settings = ParenthesizedKeyValueOptionCommaList()
    {
        return new SqlAlterPersistentQuery(s.end(this), materializedView, ifExists, id, settings);
    }
}

/**
 * Parses {@code DESCRIBE MODEL name}; {@code DESCRIBE model} alone still describes a relation
 * named model.
 */
SqlNode SqlDescribeModel() :
{
    final Span s;
    final SqlIdentifier id;
}
{
    <DESCRIBE> { s = span(); } <MODEL>
    (
        id = CompoundIdentifier() {
            return new SqlDescribeModel(s.end(this), id);
        }
    |
        {
            return new SqlDescribeTable(s.end(this),
                new SqlIdentifier(token.image, getPos()), null);
        }
    )
}

/** Parses {@code MODEL name}, the argument of ML_PREDICT naming the model. */
SqlNode SluiceModelArgument() :
{
    final Span s;
    final SqlIdentifier id;
}
{
    <MODEL> { s = span(); } id = CompoundIdentifier()
    {
        return SqlModelReference.OPERATOR.createCall(s.end(this), id);
    }
}

/**
 * Parses {@code UUID()}, Flink's function: UUID is a reserved word of Calcite's grammar (the type,
 * and the literal UUID '...'), so the call is not read as a function name. The call resolves as any
 * other, to Sluice's UUID function.
 */
SqlNode SluiceUuidCall() :
{
    final Span s;
}
{
    <UUID> { s = span(); } <LPAREN> <RPAREN>
    {
        return createCall(new SqlIdentifier("UUID", s.pos()), s.end(this),
            SqlFunctionCategory.USER_DEFINED_FUNCTION, null, new ArrayList<SqlNode>());
    }
}

/** Parses {@code EMIT APPEND|UPDATE|COMPLETE [trigger]} or a trigger alone. */
SqlEmit SluiceEmit() :
{
    final Span s;
    SqlEmit.OutputMode mode = null;
    SqlTrigger trigger = null;
}
{
    (
        <EMIT> { s = span(); }
        (
            <APPEND> { mode = SqlEmit.OutputMode.APPEND; }
        |
            <UPDATE> { mode = SqlEmit.OutputMode.UPDATE; }
        |
            <COMPLETE> { mode = SqlEmit.OutputMode.COMPLETE; }
        )
        [ trigger = SluiceTrigger() ]
    |
        trigger = SluiceTrigger() { s = Span.of(trigger); }
    )
    {
        return new SqlEmit(s.end(this), mode, trigger);
    }
}

/**
 * Parses {@code TRIGGER EVERY interval | TRIGGER ONCE | TRIGGER AVAILABLE NOW |
 * TRIGGER CONTINUOUS [interval]}.
 */
SqlTrigger SluiceTrigger() :
{
    final Span s;
    SqlLiteral interval = null;
}
{
    <TRIGGER> { s = span(); }
    (
        <EVERY> interval = IntervalLiteral() {
            return SqlTrigger.every(s.end(this), (SqlIntervalLiteral) interval);
        }
    |
        <ONCE> { return SqlTrigger.once(s.end(this)); }
    |
        <AVAILABLE> <NOW> { return SqlTrigger.availableNow(s.end(this)); }
    |
        <CONTINUOUS> [ interval = IntervalLiteral() ] {
            return SqlTrigger.continuous(s.end(this), (SqlIntervalLiteral) interval);
        }
    )
}

/**
 * Parses {@code DROP STREAM|TABLE|VIEW|MATERIALIZED VIEW|SINK|FUNCTION|MODEL [IF EXISTS] name
 * [CASCADE | RESTRICT]}.
 */
SqlDrop SqlDropObject(Span s, boolean replace) :
{
    final SqlDropObject.ObjectKind kind;
    final boolean ifExists;
    final SqlIdentifier id;
    boolean cascade = false;
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
    |
        <FUNCTION> { kind = SqlDropObject.ObjectKind.FUNCTION; }
    |
        <MODEL> { kind = SqlDropObject.ObjectKind.MODEL; }
    )
    ifExists = IfExistsOpt() id = CompoundIdentifier()
    [
        <CASCADE> { cascade = true; }
    |
        <RESTRICT> { cascade = false; }
    ]
    {
        return new SqlDropObject(s.end(this), kind, ifExists, id, cascade);
    }
}

/**
 * Parses {@code SHOW STREAMS|TABLES|VIEWS|MATERIALIZED VIEWS|SINKS|QUERIES|FUNCTIONS|MODELS}.
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
        LOOKAHEAD(1) <MODELS> { kind = SqlShowObjects.ObjectKind.MODELS; }
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

/**
 * Parses {@code STOP QUERY id} and {@code RESTART QUERY id}, the id being an identifier or a
 * string such as a UUID.
 */
SqlNode SqlQueryControl() :
{
    final Span s;
    final SqlQueryControl.Action action;
    final SqlNode id;
    final String text;
}
{
    (
        <STOP> { s = span(); action = SqlQueryControl.Action.STOP; }
    |
        <RESTART> { s = span(); action = SqlQueryControl.Action.RESTART; }
    )
    <QUERY>
    (
        id = SimpleIdentifier()
    |
        text = SimpleStringLiteral() { id = SqlLiteral.createCharString(text, getPos()); }
    )
    {
        return new SqlQueryControl(s.end(this), action, id);
    }
}

/**
 * Parses {@code SET 'key' = 'value'}. Calcite's own SET, tried after this one, takes an identifier
 * as the key, which would force dotted keys into double quotes. The key {@code trigger} may also
 * be written unquoted: TRIGGER is a reserved word, so Calcite's SET cannot take it.
 */
SqlNode SqlSetProperty() :
{
    final Span s;
    final String key;
    final SqlParserPos keyPos;
    final String value;
}
{
    <SET> { s = span(); }
    (
        key = SimpleStringLiteral() { keyPos = getPos(); }
    |
        <TRIGGER> { key = "trigger"; keyPos = getPos(); }
    )
    <EQ>
    value = SimpleStringLiteral() {
        return new SqlSetProperty(s.end(this), new SqlIdentifier(key, keyPos),
            SqlLiteral.createCharString(value, getPos()));
    }
}

/**
 * Parses {@code EXPLAIN CREATE SINK …} and {@code EXPLAIN CREATE MATERIALIZED VIEW …}: the plan the
 * persistent query would run, with the options the statement gives it, without creating it. Also
 * {@code EXPLAIN query}, as Flink SQL spells it: the same as {@code EXPLAIN PLAN FOR query}.
 */
SqlNode SqlExplainCreate() :
{
    final Span s;
    final SqlCreate create;
    final SqlNode query;
}
{
    <EXPLAIN> { s = span(); }
    (
        create = SqlCreate()
        {
            return new SqlExplainCreate(s.end(this), create);
        }
    |
        // not EXPLAIN PLAN FOR, Calcite's statement (checked while SqlStmt looks ahead, too)
        LOOKAHEAD({ getToken(1).kind != PLAN })
        query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
        {
            return new SqlExplain(s.end(this), query,
                SqlExplainLevel.EXPPLAN_ATTRIBUTES.symbol(SqlParserPos.ZERO),
                SqlExplain.Depth.PHYSICAL.symbol(SqlParserPos.ZERO),
                SqlExplainFormat.TEXT.symbol(SqlParserPos.ZERO),
                nDynamicParams);
        }
    )
}
