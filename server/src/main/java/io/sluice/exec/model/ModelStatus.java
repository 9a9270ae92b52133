package io.sluice.exec.model;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.ModelDefinition;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What the server has of a model now, as {@code sys.models} shows it.
 *
 * @param version content hash of the version queries score with, or null when none loaded
 * @param loadedAtMillis when that version was loaded, or null
 * @param error why the model's file last failed to load (the version above keeps scoring), or null
 * @param errorAtMillis when it failed, or null
 * @param signature how the loaded version's tensors map to the columns, or null
 */
public record ModelStatus(
    ModelDefinition definition,
    @Nullable String version,
    @Nullable Long loadedAtMillis,
    @Nullable String error,
    @Nullable Long errorAtMillis,
    @Nullable ModelSignature signature) {
  public ModelStatus {
    requireNonNull(definition, "definition is null");
  }
}
