package io.sluice.sql;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code [EMIT APPEND|UPDATE|COMPLETE] [TRIGGER …]}: how a continuous query writes its result and
 * when it runs; either part may be left to the server's defaults, but not both.
 */
public final class SqlEmit extends SqlCall {
  /** Which rows each micro-batch writes. */
  public enum OutputMode {
    /** Only rows that will never change again. */
    APPEND,
    /** Rows that changed in this micro-batch. */
    UPDATE,
    /** The whole result table. */
    COMPLETE
  }

  private static final SqlOperator OPERATOR = new SqlSpecialOperator("EMIT", SqlKind.OTHER);

  private final @Nullable OutputMode outputMode;
  private final @Nullable SqlTrigger trigger;

  public SqlEmit(SqlParserPos pos, @Nullable OutputMode outputMode, @Nullable SqlTrigger trigger) {
    super(pos);
    if (outputMode == null && trigger == null) {
      throw new IllegalArgumentException("an EMIT clause needs an output mode or a trigger");
    }
    this.outputMode = outputMode;
    this.trigger = trigger;
  }

  /** The output mode, or null to let the server choose. */
  public @Nullable OutputMode outputMode() {
    return outputMode;
  }

  /** The trigger, or null to let the server choose. */
  public @Nullable SqlTrigger trigger() {
    return trigger;
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(trigger);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    if (outputMode != null) {
      writer.keyword("EMIT");
      writer.keyword(outputMode.name());
    }
    if (trigger != null) {
      trigger.unparse(writer, 0, 0);
    }
  }
}
