package io.sluice.sql;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code TRIGGER EVERY interval | TRIGGER ONCE | TRIGGER AVAILABLE NOW | TRIGGER CONTINUOUS
 * [interval]}: when a streaming query runs its next micro-batch, or that it runs continuously.
 */
public final class SqlTrigger extends SqlCall {
  /** The trigger policies a query can ask for. */
  public enum Kind {
    /** A micro-batch every fixed interval. */
    EVERY("EVERY"),
    /** One micro-batch over what is available, then stop. */
    ONCE("ONCE"),
    /** Micro-batches until what was available at start is consumed, then stop. */
    AVAILABLE_NOW("AVAILABLE NOW"),
    /** Rows flow through as they arrive; the interval, if given, is the checkpoint epoch. */
    CONTINUOUS("CONTINUOUS");

    private final String keywords;

    Kind(String keywords) {
      this.keywords = keywords;
    }

    /** The words after TRIGGER, as written in SQL. */
    public String keywords() {
      return keywords;
    }
  }

  private static final SqlOperator OPERATOR = new SqlSpecialOperator("TRIGGER", SqlKind.OTHER);

  private final Kind kind;
  private final @Nullable SqlIntervalLiteral interval;

  private SqlTrigger(SqlParserPos pos, Kind kind, @Nullable SqlIntervalLiteral interval) {
    super(pos);
    this.kind = requireNonNull(kind, "kind is null");
    this.interval = interval;
  }

  /** {@code TRIGGER EVERY interval}. */
  public static SqlTrigger every(SqlParserPos pos, SqlIntervalLiteral interval) {
    return new SqlTrigger(pos, Kind.EVERY, requireNonNull(interval, "interval is null"));
  }

  /** {@code TRIGGER ONCE}. */
  public static SqlTrigger once(SqlParserPos pos) {
    return new SqlTrigger(pos, Kind.ONCE, null);
  }

  /** {@code TRIGGER AVAILABLE NOW}. */
  public static SqlTrigger availableNow(SqlParserPos pos) {
    return new SqlTrigger(pos, Kind.AVAILABLE_NOW, null);
  }

  /** {@code TRIGGER CONTINUOUS [interval]}; a null interval takes the default epoch. */
  public static SqlTrigger continuous(SqlParserPos pos, @Nullable SqlIntervalLiteral interval) {
    return new SqlTrigger(pos, Kind.CONTINUOUS, interval);
  }

  public Kind kind() {
    return kind;
  }

  /**
   * The period of an {@link Kind#EVERY} trigger, the epoch of a {@link Kind#CONTINUOUS} one if
   * given; null otherwise.
   */
  public @Nullable SqlIntervalLiteral interval() {
    return interval;
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(interval);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("TRIGGER");
    writer.keyword(kind.keywords());
    if (interval != null) {
      interval.unparse(writer, 0, 0);
    }
  }
}
