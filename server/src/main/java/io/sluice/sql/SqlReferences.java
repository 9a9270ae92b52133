package io.sluice.sql;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * The relations, functions and models a query names, read from its syntax alone, so it works for a
 * query that no longer validates (what it misses is exactly what a user needs to see). Names are
 * lower case; a WITH item's name shadows a relation of the same name inside that WITH.
 *
 * @param relations relations read in FROM clauses, joins and table function arguments
 * @param functions functions called by name (built-in ones included; the caller filters)
 * @param models models named by {@code MODEL name} arguments (ML_PREDICT)
 */
public record SqlReferences(Set<String> relations, Set<String> functions, Set<String> models) {
  public SqlReferences {
    relations = Set.copyOf(relations);
    functions = Set.copyOf(functions);
    models = Set.copyOf(models);
  }

  /** What {@code query} names. */
  public static SqlReferences of(SqlNode query) {
    Set<String> relations = new LinkedHashSet<>();
    Set<String> functions = new LinkedHashSet<>();
    Set<String> models = new LinkedHashSet<>();
    Deque<Set<String>> shadowed = new ArrayDeque<>();
    query.accept(
        new SqlBasicVisitor<Void>() {
          @Override
          public Void visit(SqlCall call) {
            if (call instanceof SqlWith with) {
              Set<String> names = new LinkedHashSet<>();
              for (SqlNode item : with.withList) {
                names.add(lower(((SqlWithItem) item).name.getSimple()));
              }
              shadowed.push(names);
              try {
                return super.visit(call);
              } finally {
                shadowed.pop();
              }
            }
            if (SqlModelReference.is(call)) {
              models.add(lower(last(SqlModelReference.name(call))));
              return null;
            }
            if (call instanceof SqlSelect select && select.getFrom() != null) {
              from(select.getFrom());
            }
            if (call.getOperator() instanceof SqlFunction function
                && function.getSqlIdentifier() != null) {
              functions.add(lower(last(function.getSqlIdentifier())));
            } else if (call.getOperator() instanceof SqlFunction function) {
              functions.add(lower(function.getName()));
            }
            if (call.getKind() == SqlKind.EXPLICIT_TABLE
                && call.operand(0) instanceof SqlIdentifier table) {
              relation(table);
            }
            return super.visit(call);
          }

          private void from(SqlNode from) {
            if (from instanceof SqlIdentifier table) {
              relation(table);
            } else if (from instanceof SqlJoin join) {
              from(join.getLeft());
              from(join.getRight());
            } else if (from instanceof SqlBasicCall call && call.getKind() == SqlKind.AS) {
              from(call.operand(0));
            } else if (from instanceof SqlNodeList list) {
              list.forEach(this::from);
            }
            // sub-queries and table functions are visited as calls
          }

          private void relation(SqlIdentifier table) {
            String name = lower(last(table));
            for (Set<String> names : shadowed) {
              if (names.contains(name)) {
                return;
              }
            }
            relations.add(name);
          }
        });
    return new SqlReferences(relations, functions, models);
  }

  private static String last(SqlIdentifier identifier) {
    return identifier.names.get(identifier.names.size() - 1);
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
