package io.sluice.catalog;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.type.Column;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A model as the catalog keeps it: {@code CREATE MODEL name INPUT (…) OUTPUT (…) WITH ('provider' =
 * 'onnx', 'path' = …)}. Which version of the file is loaded is the runtime's business, not the
 * catalog's.
 *
 * @param inputs the columns ML_PREDICT's DESCRIPTOR names map to, in order
 * @param outputs the columns ML_PREDICT appends to its input's
 * @param options the WITH options, as given or changed by ALTER MODEL
 * @param comment the COMMENT text, or null
 * @param ddl the statement that created it (with the options ALTER MODEL set since)
 */
public record ModelDefinition(
    String name,
    List<Column> inputs,
    List<Column> outputs,
    Map<String, String> options,
    @Nullable String comment,
    String ddl) {
  public ModelDefinition {
    requireNonNull(name, "name is null");
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    options = Map.copyOf(options);
    requireNonNull(ddl, "ddl is null");
  }

  /** The provider option, e.g. onnx. */
  public String provider() {
    return options.getOrDefault(ModelDefinitions.PROVIDER_OPTION, "");
  }

  /** The model file as the path option names it (relative to the files base directory or not). */
  public String path() {
    return options.getOrDefault(ModelDefinitions.PATH_OPTION, "");
  }

  /** The same model with {@code changed} options in place of its own of the same keys. */
  public ModelDefinition withOptions(Map<String, String> changed, String newDdl) {
    Map<String, String> merged = new java.util.HashMap<>(options);
    merged.putAll(changed);
    return new ModelDefinition(name, inputs, outputs, merged, comment, newDdl);
  }

  /** Whether {@code other} declares the same columns (names and types), so queries still fit. */
  public boolean sameColumns(ModelDefinition other) {
    return sameColumns(inputs, other.inputs) && sameColumns(outputs, other.outputs);
  }

  private static boolean sameColumns(List<Column> a, List<Column> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).name().equalsIgnoreCase(b.get(i).name())
          || a.get(i).type() != b.get(i).type()) {
        return false;
      }
    }
    return true;
  }
}
