package io.sluice.archfixture.exec;

import io.sluice.archfixture.server.Enginish;

/** A runtime class that wrongly imports the statement layer; see ArchitectureTest. */
public final class Operatorish {
  public int next() {
    return Enginish.answer();
  }
}
