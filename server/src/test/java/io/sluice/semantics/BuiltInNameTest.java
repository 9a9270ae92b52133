package io.sluice.semantics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.error.SluiceException;
import io.sluice.spi.fs.ChecksummedFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user function created when no built-in had its name (REVERSE became one later) keeps being the
 * one queries call; creating one under a built-in's name is refused.
 */
@Timeout(60)
class BuiltInNameTest {
  @TempDir Path temp;

  @Test
  void aFunctionNamedBeforeABuiltInWasAddedKeepsBeingCalled() throws Exception {
    Path functions = temp.resolve("data/catalog/functions.json");
    try (EngineHarness sluice = new EngineHarness(temp)) {
      sluice.execute("CREATE FUNCTION yell AS 'io.sluice.testing.udf.Shout'");
    }
    // as a server older than the built-in REVERSE left its catalog
    // (without a checksum header, as servers before checksums wrote it)
    String catalog =
        new String(
            ChecksummedFiles.read(functions, ChecksummedFiles::isJson), StandardCharsets.UTF_8);
    Files.writeString(functions, catalog.replace("yell", "reverse"));
    try (EngineHarness sluice = new EngineHarness(temp)) {
      Path in = sluice.folder("in");
      sluice.execute(
          "CREATE STREAM words (w VARCHAR) WITH ('connector' = 'files', 'path' = '"
              + in
              + "', 'format' = 'csv')");
      sluice.land(in, "1.csv", "ab\n");
      assertThat(sluice.rowsOf("SELECT reverse(w) FROM words")).containsExactly("AB!");
      assertThatThrownBy(
              () -> sluice.execute("CREATE FUNCTION md5 AS 'io.sluice.testing.udf.Shout'"))
          .isInstanceOf(SluiceException.class)
          .hasMessageContaining("md5");
    }
  }
}
