package io.sluice.exec.model;

import io.sluice.catalog.ModelDefinition;
import java.nio.file.Path;

/** Where a model's file is: its path option resolved, and refused when outside allowed folders. */
public interface ModelFiles {
  /**
   * @throws IllegalArgumentException naming the path and the setting that forbids it
   */
  Path resolve(ModelDefinition model);
}
