package io.sluice.jdbc;

import io.sluice.server.SluiceEngine;
import io.sluice.server.config.SluiceConfig;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.remote.Service;

/**
 * Backs {@code jdbc:sluice:embedded:[dir]} connections: the engine runs inside the client's JVM
 * (queries die with it). The driver names this class by its {@code factory} property, so the driver
 * jar needs no compile-time dependency on the server. Connections to the same data directory share
 * one engine.
 */
public final class EmbeddedServiceFactory implements Service.Factory {
  private static final Map<Path, SluiceEngine> ENGINES = new ConcurrentHashMap<>();

  @Override
  public Service create(AvaticaConnection connection) {
    String directory = connection.config().url();
    Path dataDirectory =
        Paths.get(directory == null || directory.isBlank() ? "data" : directory)
            .toAbsolutePath()
            .normalize();
    SluiceEngine engine =
        ENGINES.computeIfAbsent(
            dataDirectory,
            dir ->
                new SluiceEngine(
                    SluiceConfig.defaults()
                        .with(SluiceConfig.DATA_DIR, dir.toString())
                        // in the client's own process, with the client's rights to its files
                        .with(SluiceConfig.FILES_ALLOWED_PATHS, "/")));
    return new LocalService(new SluiceMeta(engine));
  }
}
