package io.sluice.connector.jdbc;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sluice.spi.connector.LookupSource;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceReadException;
import io.sluice.spi.type.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks a jdbc table's rows up by key for a lookup join: all the keys a micro-batch misses in one
 * query ({@code WHERE id IN (…)}, or {@code (a, b) IN ((…), …)} for a key of several columns; up to
 * {@value #KEYS_PER_QUERY} keys per query), not one query per row. With {@code 'lookup.cache' =
 * 'PARTIAL'} the rows read are kept in a Caffeine cache, bounded by {@code
 * lookup.partial-cache.max-rows} and expiring as the options say, so repeated keys do not reach the
 * database at all; keys the table lacks are cached as such unless {@code
 * lookup.partial-cache.cache-missing-key} is false.
 */
final class JdbcLookupSource implements LookupSource {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcLookupSource.class);
  static final int KEYS_PER_QUERY = 1000;
  private static final int POOL_SIZE = 2;

  private final SourceContext context;
  private final JdbcOptions options;

  /** The columns the join reads, then the key columns it does not: what the query selects. */
  private final List<Column> selected;

  /** Positions in {@link #selected} of the key columns, in key order. */
  private final int[] keyPositions;

  private final int projected;
  private final Cache<List<Object>, List<Object[]>> cache;
  private final boolean cacheMissingKey;
  private final JdbcConnections connections;
  private String table;
  private List<String> selectedNames;
  private List<String> keyNames;

  /**
   * @param keyColumns declared positions of the columns rows are looked up by
   */
  JdbcLookupSource(SourceContext context, JdbcOptions options, List<Integer> keyColumns) {
    this.context = requireNonNull(context, "context is null");
    this.options = requireNonNull(options, "options is null");
    if (keyColumns.isEmpty()) {
      throw new IllegalArgumentException("a lookup needs key columns");
    }
    List<Integer> positions = new ArrayList<>(context.projection());
    this.projected = positions.size();
    Set<Integer> all = new LinkedHashSet<>(positions);
    for (int column : keyColumns) {
      if (all.add(column)) {
        positions.add(column);
      }
    }
    List<Column> columns = new ArrayList<>();
    for (int position : positions) {
      columns.add(context.columns().get(position));
    }
    this.selected = List.copyOf(columns);
    this.keyPositions = keyColumns.stream().mapToInt(positions::indexOf).toArray();
    LookupCacheOptions cacheOptions = options.lookupCache();
    if (cacheOptions == null) {
      this.cache = null;
      this.cacheMissingKey = false;
    } else {
      Caffeine<List<Object>, List<Object[]>> builder =
          Caffeine.newBuilder()
              .maximumWeight(cacheOptions.maxRows())
              .weigher((List<Object> key, List<Object[]> rows) -> Math.max(1, rows.size()));
      if (cacheOptions.expireAfterWrite() != null) {
        builder.expireAfterWrite(cacheOptions.expireAfterWrite());
      }
      if (cacheOptions.expireAfterAccess() != null) {
        builder.expireAfterAccess(cacheOptions.expireAfterAccess());
      }
      this.cache = builder.build();
      this.cacheMissingKey = cacheOptions.cacheMissingKey();
    }
    this.connections =
        new JdbcConnections(options, "sluice-jdbc-lookup-" + context.relationName(), POOL_SIZE);
  }

  @Override
  public List<Object[]> lookup(List<Object[]> keys) {
    List<Object[]> result = new ArrayList<>();
    List<List<Object>> missing = new ArrayList<>();
    for (Object[] key : keys) {
      List<Object> values = Arrays.asList(key.clone());
      List<Object[]> cached = cache == null ? null : cache.getIfPresent(values);
      if (cached == null) {
        missing.add(values);
      } else {
        result.addAll(cached);
      }
    }
    for (int from = 0; from < missing.size(); from += KEYS_PER_QUERY) {
      List<List<Object>> chunk =
          missing.subList(from, Math.min(missing.size(), from + KEYS_PER_QUERY));
      Map<List<Object>, List<Object[]>> found = query(chunk);
      for (List<Object> key : chunk) {
        List<Object[]> rows = found.getOrDefault(key, List.of());
        if (cache != null && (cacheMissingKey || !rows.isEmpty())) {
          cache.put(key, List.copyOf(rows));
        }
        result.addAll(rows);
      }
    }
    return result;
  }

  /** The rows of {@code keys}, by key: one query, retried after a lost connection. */
  private Map<List<Object>, List<Object[]>> query(List<List<Object>> keys) {
    try {
      return Retries.run(
          "look up " + keys.size() + " keys in table '" + context.relationName() + "'",
          options.lookupMaxRetries(),
          options.retryTimeout(),
          LOG,
          () -> {
            try (Connection connection = connections.get()) {
              resolve(connection);
              String sql =
                  options.dialect().selectByKeys(table, selectedNames, keyNames, keys.size());
              try (PreparedStatement select = connection.prepareStatement(sql)) {
                int parameter = 1;
                for (List<Object> key : keys) {
                  for (int k = 0; k < keyPositions.length; k++) {
                    JdbcValues.bind(
                        select,
                        parameter++,
                        selected.get(keyPositions[k]).type(),
                        key.get(k),
                        null);
                  }
                }
                Map<List<Object>, List<Object[]>> found = new HashMap<>();
                try (ResultSet rows = select.executeQuery()) {
                  boolean[] zoned = JdbcValues.timeZoneColumns(rows);
                  while (rows.next()) {
                    Object[] values = new Object[selected.size()];
                    for (int c = 0; c < values.length; c++) {
                      values[c] = JdbcValues.read(rows, c + 1, selected.get(c), zoned[c + 1]);
                    }
                    Object[] key = new Object[keyPositions.length];
                    for (int k = 0; k < key.length; k++) {
                      key[k] = values[keyPositions[k]];
                    }
                    found
                        .computeIfAbsent(Arrays.asList(key), k -> new ArrayList<>())
                        .add(Arrays.copyOf(values, projected));
                  }
                }
                return found;
              }
            }
          });
    } catch (SQLException e) {
      throw new SourceReadException(
          "Cannot look up rows of table '"
              + context.relationName()
              + "' ("
              + options.tableName()
              + " in "
              + SchemaFit.where(options)
              + "): "
              + JdbcUrls.mask(String.valueOf(e.getMessage())),
          e);
    }
  }

  /** Finds the database's table and checks the declared columns against it, once. */
  private void resolve(Connection connection) throws SQLException {
    if (table != null) {
      return;
    }
    TargetTable target =
        TargetTable.read(connection, options.dialect(), options.tableName())
            .orElseThrow(
                () -> SchemaFit.missingTable(options, context.relationName(), selected, null));
    List<TargetColumn> sources =
        SchemaFit.forRead(target, selected, context.relationName(), options);
    List<String> names = sources.stream().map(TargetColumn::name).toList();
    List<String> keys = new ArrayList<>();
    for (int position : keyPositions) {
      keys.add(names.get(position));
    }
    this.selectedNames = names;
    this.keyNames = keys;
    this.table = target.quotedName();
  }

  @Override
  public void close() {
    connections.close();
  }
}
