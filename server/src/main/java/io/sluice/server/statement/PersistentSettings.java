package io.sluice.server.statement;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Durations;
import io.sluice.catalog.SinkDefinition;
import io.sluice.error.SluiceErrors;
import io.sluice.server.config.Parallelism;
import io.sluice.server.config.SluiceConfig;
import io.sluice.server.session.SessionProperty;
import io.sluice.sql.SqlCreateMaterializedView;
import io.sluice.sql.SqlCreateSink;
import io.sluice.sql.SqlEmit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * How a persistent query (a sink's or a materialized view's) runs: its output mode, trigger, state
 * time-to-live and parallelism, each from the statement (EMIT, WITH options) or else the session.
 *
 * @param stateTtl the {@code state.ttl} duration as written, {@code "0"} for none
 * @param parallelism how many subtasks run it, kept with it so a restart runs it alike
 */
record PersistentSettings(String outputMode, String trigger, String stateTtl, int parallelism) {
  /** The option of a sink (and the setting of a view) that keeps its parallelism. */
  static final String PARALLELISM_OPTION = "parallelism";

  PersistentSettings {
    requireNonNull(outputMode, "outputMode is null");
    requireNonNull(trigger, "trigger is null");
    requireNonNull(stateTtl, "stateTtl is null");
  }

  static PersistentSettings of(
      SqlCreateSink create, StatementContext context, SluiceConfig config) {
    Map<String, String> options = create.options();
    SqlEmit emit = create.emit();
    String mode =
        emit != null && emit.outputMode() != null
            ? emit.outputMode().name().toLowerCase(Locale.ROOT)
            : options.getOrDefault(
                "output.mode", context.session().get(SessionProperty.OUTPUT_MODE, "auto"));
    String trigger =
        emit != null && emit.trigger() != null
            ? Statements.triggerText(emit.trigger())
            : options.getOrDefault(
                "trigger", context.session().get(SessionProperty.TRIGGER, config.defaultTrigger()));
    String ttl =
        stateTtl(
            options,
            context,
            create.optionPosition(SinkDefinition.STATE_TTL_OPTION),
            create.name().toString());
    String parallelism = options.get(PARALLELISM_OPTION);
    int subtasks;
    try {
      subtasks =
          parallelism == null
              ? Parallelism.of(context.session(), config)
              : Parallelism.parse(parallelism);
    } catch (IllegalArgumentException e) {
      throw SluiceErrors.invalidOption(
          create.optionPosition(PARALLELISM_OPTION),
          create.name().toString(),
          "'" + PARALLELISM_OPTION + "' must be " + e.getMessage());
    }
    return new PersistentSettings(mode, trigger, ttl, subtasks);
  }

  static PersistentSettings of(
      SqlCreateMaterializedView create, StatementContext context, SluiceConfig config) {
    Map<String, String> options = create.options();
    String name = create.name().toString();
    for (String key : options.keySet()) {
      if (!key.equals(SinkDefinition.STATE_TTL_OPTION)) {
        throw SluiceErrors.invalidOption(
            create.optionPosition(key),
            name,
            "unknown option '"
                + key
                + "': a materialized view takes '"
                + SinkDefinition.STATE_TTL_OPTION
                + "' (its output mode and trigger come with EMIT)");
      }
    }
    SqlEmit emit = create.emit();
    String mode =
        emit != null && emit.outputMode() != null
            ? emit.outputMode().name().toLowerCase(Locale.ROOT)
            : context.session().get(SessionProperty.OUTPUT_MODE, "auto");
    String trigger =
        emit != null && emit.trigger() != null
            ? Statements.triggerText(emit.trigger())
            : context.session().get(SessionProperty.TRIGGER, config.defaultTrigger());
    String ttl =
        stateTtl(options, context, create.optionPosition(SinkDefinition.STATE_TTL_OPTION), name);
    return new PersistentSettings(mode, trigger, ttl, Parallelism.of(context.session(), config));
  }

  /** The option's duration, checked; else the session's. */
  private static String stateTtl(
      Map<String, String> options, StatementContext context, SqlParserPos position, String name) {
    String ttl = options.get(SinkDefinition.STATE_TTL_OPTION);
    if (ttl == null) {
      return context.session().get(SessionProperty.STATE_TTL, "0");
    }
    try {
      Durations.parse(ttl);
    } catch (IllegalArgumentException e) {
      throw SluiceErrors.invalidOption(
          position, name, "'" + SinkDefinition.STATE_TTL_OPTION + "': " + e.getMessage());
    }
    return ttl;
  }

  long stateTtlMillis() {
    return Durations.parse(stateTtl).toMillis();
  }

  /**
   * {@code options} with the state TTL the query runs with, so that it still holds after a restart
   * (a TTL taken from the session is not in the statement's options).
   */
  Map<String, String> withStateTtl(Map<String, String> options) {
    if (stateTtlMillis() == 0) {
      return options;
    }
    Map<String, String> result = new LinkedHashMap<>(options);
    result.put(SinkDefinition.STATE_TTL_OPTION, stateTtl);
    return result;
  }

  /** {@code options} with the parallelism the query runs with. */
  Map<String, String> withParallelism(Map<String, String> options) {
    Map<String, String> result = new LinkedHashMap<>(options);
    result.put(PARALLELISM_OPTION, String.valueOf(parallelism));
    return result;
  }
}
