package io.sluice.exec.codegen;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sluice.catalog.SqlTypes;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.DoubleVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.batch.ObjectVector;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import io.sluice.spi.type.ColumnType;
import io.sluice.sql.function.JavaMethodFunction;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumUtils;
import org.apache.calcite.adapter.enumerable.RexToLixTranslator;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.ExpressionType;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.ParameterExpression;
import org.apache.calcite.linq4j.tree.Primitive;
import org.apache.calcite.linq4j.tree.Types;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.janino.SimpleCompiler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles a {@link RexProgram} into a {@link CalcKernel}: Calcite's {@link RexToLixTranslator}
 * writes the per-row expression code (so every scalar function of Calcite's operator table works),
 * Sluice wraps it in a loop over column vectors, and Janino compiles it. Kernels are cached by
 * program and input types, so re-running a query compiles nothing.
 */
public final class CalcCompiler {
  private static final Logger LOG = LoggerFactory.getLogger(CalcCompiler.class);
  private static final AtomicLong CLASS_COUNTER = new AtomicLong();
  private static final Cache<String, Class<?>> KERNELS =
      Caffeine.newBuilder().maximumSize(1_000).build();

  private static final Method WRITE_LONG = method("writeLong", LongVector.class, long.class);
  private static final Method WRITE_NULLABLE_LONG =
      method("writeNullableLong", LongVector.class, Number.class);
  private static final Method WRITE_BOOLEAN =
      method("writeBoolean", LongVector.class, boolean.class);
  private static final Method WRITE_NULLABLE_BOOLEAN =
      method("writeNullableBoolean", LongVector.class, Boolean.class);
  private static final Method WRITE_DOUBLE =
      method("writeDouble", DoubleVector.class, double.class);
  private static final Method WRITE_NULLABLE_DOUBLE =
      method("writeNullableDouble", DoubleVector.class, Number.class);
  private static final Method WRITE_OBJECT =
      method("writeObject", ObjectVector.class, Object.class);
  private static final Method WRITE_DECIMAL =
      Types.lookupMethod(
          VectorWriters.class,
          "writeDecimal",
          ObjectVector.class,
          int.class,
          BigDecimal.class,
          int.class);

  /**
   * The most expression nodes one projection or filter may have; far above what hand-written SQL
   * needs, below what takes seconds to generate.
   */
  static final int MAX_EXPRESSIONS = 5_000;

  private CalcCompiler() {}

  private static Method method(String name, Class<?> vector, Class<?> value) {
    return Types.lookupMethod(VectorWriters.class, name, vector, int.class, value);
  }

  /** Both kernels of a calc: for inputs with NULLs, and the faster one for inputs without. */
  public static CompiledCalc compileBoth(RexProgram program, JavaTypeFactory typeFactory) {
    CalcKernel general = compile(program, typeFactory);
    RexProgram withoutNulls = NonNullInputs.rewrite(program, typeFactory);
    CalcKernel fast = withoutNulls == null ? general : compile(withoutNulls, typeFactory);
    return new CompiledCalc(general, fast, NonNullInputs.inputsRead(program));
  }

  public static CalcKernel compile(RexProgram program, JavaTypeFactory typeFactory) {
    RexBuilder rexBuilder = new RexBuilder(typeFactory);
    RexProgram rewritten =
        ProcTimeRewriter.rewrite(
            FlinkSemanticsRewriter.rewrite(
                InListRewriter.rewrite(
                    IntegerModRewriter.rewrite(
                        DateTimeTextRewriter.rewrite(
                            ScaledDecimalRewriter.rewrite(program, rexBuilder), rexBuilder),
                        rexBuilder),
                    rexBuilder),
                rexBuilder),
            rexBuilder);
    refuseIfTooLarge(rewritten);
    String key =
        rewritten.getInputRowType().getFullTypeString()
            + "|"
            + rewritten
            + userFunctions(rewritten);
    // compiled outside the cache's lock: a long compilation must not hold up others' statements
    Class<?> kernelClass = KERNELS.getIfPresent(key);
    if (kernelClass == null) {
      kernelClass = compileClass(rewritten, typeFactory);
      KERNELS.put(key, kernelClass);
    }
    try {
      return (CalcKernel) kernelClass.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new SluiceException(
          ErrorCode.INTERNAL_ERROR, "Cannot instantiate generated code for " + program, e);
    }
  }

  /**
   * Refuses expressions whose generated code would be too large: generating and compiling code
   * takes time that grows faster than its size, and Java bounds a method at 64 KB of bytecode.
   */
  private static void refuseIfTooLarge(RexProgram program) {
    int expressions = program.getExprCount();
    if (expressions > MAX_EXPRESSIONS) {
      throw new SluiceException(
          ErrorCode.LIMIT_EXCEEDED,
          "The expressions of this query are too large to compile: "
              + expressions
              + " expression nodes in one projection or filter, over the limit of "
              + MAX_EXPRESSIONS
              + ". Long IN lists of constants are fine (they become set lookups); split very long"
              + " CASE chains or OR conditions, or join with a table of the values instead");
    }
  }

  /**
   * The implementations of the user-defined functions a program calls: a function dropped and
   * created again under the same name with another class must not reuse the old kernel.
   */
  private static String userFunctions(RexProgram program) {
    StringBuilder functions = new StringBuilder();
    for (RexNode expression : program.getExprList()) {
      if (expression instanceof RexCall
          && ((RexCall) expression).getOperator() instanceof SqlUserDefinedFunction) {
        functions
            .append('|')
            .append(((SqlUserDefinedFunction) ((RexCall) expression).getOperator()).getFunction());
      }
    }
    return functions.toString();
  }

  /**
   * The loader generated code is compiled against: the server's, or one that also sees the jars of
   * the user functions the program calls ({@code CREATE FUNCTION … USING JAR}).
   */
  private static ClassLoader parentLoader(RexProgram program) {
    ClassLoader server = CalcCompiler.class.getClassLoader();
    Set<ClassLoader> jars = new LinkedHashSet<>();
    for (RexNode expression : program.getExprList()) {
      if (expression instanceof RexCall call
          && call.getOperator() instanceof SqlUserDefinedFunction function
          && function.getFunction() instanceof JavaMethodFunction method
          && method.classLoader() != server) {
        jars.add(method.classLoader());
      }
    }
    if (jars.isEmpty()) {
      return server;
    }
    // A jar's loader delegates to the server's first, so one jar needs no other loader.
    return jars.size() == 1
        ? jars.iterator().next()
        : new FunctionJarsClassLoader(server, List.copyOf(jars));
  }

  private static Class<?> compileClass(RexProgram program, JavaTypeFactory typeFactory) {
    String className = "SluiceCalc" + CLASS_COUNTER.incrementAndGet();
    String source = generateSource(className, program, typeFactory);
    try {
      SimpleCompiler compiler = new SimpleCompiler();
      compiler.setParentClassLoader(parentLoader(program));
      compiler.cook(source);
      return compiler.getClassLoader().loadClass("io.sluice.exec.generated." + className);
    } catch (CompileException | ClassNotFoundException | RuntimeException e) {
      LOG.debug("Generated code that failed to compile:\n{}", source);
      throw new SluiceException(
          ErrorCode.INTERNAL_ERROR,
          "Cannot compile expressions " + program + ": " + e.getMessage(),
          e);
    }
  }

  static String generateSource(String className, RexProgram program, JavaTypeFactory typeFactory) {
    List<RelDataType> inputTypes = RelDataTypes.fieldTypes(program.getInputRowType());
    List<RelDataType> outputTypes = RelDataTypes.fieldTypes(program.getOutputRowType());
    ParameterExpression row = Expressions.parameter(int.class, "row");
    ParameterExpression produced = Expressions.parameter(int.class, "produced");
    ParameterExpression[] inputs = new ParameterExpression[inputTypes.size()];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] =
          Expressions.parameter(vectorClass(SqlTypes.columnType(inputTypes.get(i))), "in" + i);
    }
    ParameterExpression[] outputs = new ParameterExpression[outputTypes.size()];
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] =
          Expressions.parameter(vectorClass(SqlTypes.columnType(outputTypes.get(i))), "out" + i);
    }
    // the inputs the expressions read: only those are bound, so a column the calc does not read
    // is never built (a join's deferred output)
    BitSet read = new BitSet();
    RexToLixTranslator.InputGetter getter =
        (list, index, storageType) -> {
          read.set(index);
          return readInput(typeFactory, inputTypes.get(index), inputs[index], row, storageType);
        };

    BlockBuilder body = new BlockBuilder();
    // The condition goes into the loop body first, so the projections' nested block knows the
    // variables it declared and does not declare them again (Janino rejects the redefinition).
    Expression condition =
        program.getCondition() == null
            ? null
            : RexToLixTranslator.translateCondition(
                program, typeFactory, body, getter, null, SqlConformanceEnum.DEFAULT);
    BlockBuilder projections = condition == null ? body : new BlockBuilder(true, body);
    List<Expression> values =
        RexToLixTranslator.translateProjects(
            program,
            typeFactory,
            SqlConformanceEnum.DEFAULT,
            projections,
            null,
            null,
            DataContext.ROOT,
            getter,
            null);
    for (int i = 0; i < values.size(); i++) {
      projections.add(
          Expressions.statement(write(outputs[i], outputTypes.get(i), produced, values.get(i))));
    }
    projections.add(
        Expressions.statement(
            Expressions.assign(
                Expressions.arrayIndex(Expressions.parameter(int[].class, "selection"), produced),
                row)));
    projections.add(
        Expressions.statement(
            Expressions.assign(produced, Expressions.add(produced, Expressions.constant(1)))));
    if (condition != null) {
      body.add(Expressions.ifThen(condition, projections.toBlock()));
    }

    StringBuilder source = new StringBuilder();
    source
        .append("package io.sluice.exec.generated;\n\n")
        .append("public final class ")
        .append(className)
        .append(" implements io.sluice.exec.codegen.CalcKernel {\n")
        .append("  public int apply(org.apache.calcite.DataContext root, ")
        .append("io.sluice.spi.batch.Batch input, io.sluice.spi.batch.ColumnVector[] output, ")
        .append("int[] selection) {\n");
    for (int i = 0; i < inputs.length; i++) {
      String type = ((Class<?>) inputs[i].getType()).getName();
      source
          .append("    final ")
          .append(type)
          .append(" in")
          .append(i)
          .append(" = ")
          .append(read.get(i) ? "(" + type + ") input.column(" + i + ")" : "null")
          .append(";\n");
    }
    for (int i = 0; i < outputs.length; i++) {
      String type = ((Class<?>) outputs[i].getType()).getName();
      source
          .append("    final ")
          .append(type)
          .append(" out")
          .append(i)
          .append(" = (")
          .append(type)
          .append(") output[")
          .append(i)
          .append("];\n");
    }
    source
        .append("    final int rowCount = input.rowCount();\n")
        .append("    int produced = 0;\n")
        .append("    for (int row = 0; row < rowCount; row++) ")
        .append(Expressions.toString(body.toBlock().accept(new IntegerNarrowingRewriter())).trim())
        .append("\n")
        .append("    return produced;\n")
        .append("  }\n")
        .append("}\n");
    return source.toString();
  }

  private static Class<? extends ColumnVector> vectorClass(ColumnType type) {
    switch (type.vectorKind()) {
      case LONG:
        return LongVector.class;
      case DOUBLE:
        return DoubleVector.class;
      default:
        return ObjectVector.class;
    }
  }

  /** Reads input column {@code vector} at {@code row} as the Java type Calcite expects for it. */
  private static Expression readInput(
      JavaTypeFactory typeFactory,
      RelDataType fieldType,
      ParameterExpression vector,
      ParameterExpression row,
      Type storageType) {
    Type natural = typeFactory.getJavaClass(fieldType);
    Expression raw = Expressions.call(vector, "get", row);
    Expression value;
    ColumnType columnType = SqlTypes.columnType(fieldType);
    if (columnType.vectorKind() == ColumnType.VectorKind.OBJECT) {
      value = Expressions.convert_(raw, natural);
    } else {
      Class<?> primitive = Primitive.unbox((Class<?>) natural);
      if (primitive == boolean.class) {
        value = Expressions.notEqual(raw, Expressions.constant(0L));
      } else if (primitive == long.class || primitive == double.class) {
        value = raw;
      } else {
        value = Expressions.convert_(raw, primitive);
      }
      if (fieldType.isNullable()) {
        Class<?> boxed = Primitive.box(primitive);
        value =
            Expressions.makeTernary(
                ExpressionType.Conditional,
                Expressions.call(vector, "isNull", row),
                Expressions.constant(null, boxed),
                Expressions.box(value));
      }
    }
    if (storageType != null && !storageType.equals(value.getType())) {
      value = EnumUtils.convert(value, storageType);
    }
    return value;
  }

  private static Expression write(
      ParameterExpression vector, RelDataType sqlType, ParameterExpression row, Expression value) {
    ColumnType type = SqlTypes.columnType(sqlType);
    Type valueType = value.getType();
    boolean primitive = valueType instanceof Class && ((Class<?>) valueType).isPrimitive();
    switch (type.vectorKind()) {
      case LONG:
        if (type == ColumnType.BOOLEAN) {
          return primitive
              ? Expressions.call(WRITE_BOOLEAN, vector, row, value)
              : Expressions.call(
                  WRITE_NULLABLE_BOOLEAN, vector, row, Expressions.convert_(value, Boolean.class));
        }
        return primitive
            ? Expressions.call(WRITE_LONG, vector, row, value)
            : Expressions.call(WRITE_NULLABLE_LONG, vector, row, asNumber(value));
      case DOUBLE:
        return primitive
            ? Expressions.call(WRITE_DOUBLE, vector, row, value)
            : Expressions.call(WRITE_NULLABLE_DOUBLE, vector, row, asNumber(value));
      default:
        if (type == ColumnType.DECIMAL && sqlType.getScale() != RelDataType.SCALE_NOT_SPECIFIED) {
          return Expressions.call(
              WRITE_DECIMAL,
              vector,
              row,
              EnumUtils.convert(value, BigDecimal.class),
              Expressions.constant(sqlType.getScale()));
        }
        return Expressions.call(
            WRITE_OBJECT, vector, row, primitive ? Expressions.box(value) : value);
    }
  }

  private static Expression asNumber(Expression value) {
    Type type = value.getType();
    if (type instanceof Class && Number.class.isAssignableFrom((Class<?>) type)) {
      return value;
    }
    return Expressions.convert_(value, Number.class);
  }
}
