package io.sluice.catalog;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import io.sluice.spi.fs.ChecksummedFiles;
import io.sluice.spi.fs.DamagedFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The streams, tables, views, sinks, functions and models the server knows, persisted as JSON files
 * in the data directory so DDL survives a restart. Names match case-insensitively, as identifiers
 * do in queries. Each file carries its CRC32C ({@link ChecksummedFiles}) and keeps its content
 * before the last change in {@code <file>.previous}; a damaged file stops the server from starting,
 * naming the file, both checksums and what to do, rather than lose the definitions it held.
 */
public final class Catalog implements AutoCloseable {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final TypeReference<List<RelationDefinition>> LIST_TYPE = new TypeReference<>() {};

  private static final TypeReference<List<SinkDefinition>> SINK_LIST_TYPE =
      new TypeReference<>() {};

  private static final TypeReference<List<FunctionDefinition>> FUNCTION_LIST_TYPE =
      new TypeReference<>() {};

  private static final TypeReference<List<ModelDefinition>> MODEL_LIST_TYPE =
      new TypeReference<>() {};

  private final Path file;
  private final Path sinksFile;
  private final Path functionsFile;
  private final Path modelsFile;
  private final Map<String, RelationDefinition> relations = new LinkedHashMap<>();
  private final Map<String, SinkDefinition> sinks = new LinkedHashMap<>();
  private final Map<String, FunctionDefinition> functions = new LinkedHashMap<>();
  private final Map<String, ModelDefinition> models = new LinkedHashMap<>();

  /** The content each catalog file holds now, kept as its previous content on the next write. */
  private final Map<Path, byte[]> written = new HashMap<>();

  private final FunctionClassLoaders functionLoaders =
      new FunctionClassLoaders(Catalog.class.getClassLoader());
  private volatile long version;
  private volatile List<RelationDefinition> systemTables = List.of();

  private Catalog(Path file) {
    this.file = requireNonNull(file, "file is null");
    this.sinksFile = file.resolveSibling("sinks.json");
    this.functionsFile = file.resolveSibling("functions.json");
    this.modelsFile = file.resolveSibling("models.json");
  }

  /** Opens (or creates) the catalog kept under {@code dataDirectory}. */
  public static Catalog open(Path dataDirectory) {
    Catalog catalog = new Catalog(dataDirectory.resolve("catalog").resolve("relations.json"));
    catalog.load();
    return catalog;
  }

  private void load() {
    try {
      // connector options may hold secrets: files written before are made private too
      for (Path owned : List.of(file, sinksFile, functionsFile, modelsFile)) {
        if (Files.exists(owned)
            && owned.getFileSystem().supportedFileAttributeViews().contains("posix")) {
          Files.setPosixFilePermissions(owned, PosixFilePermissions.fromString("rw-------"));
        }
      }
      for (RelationDefinition definition : readList(file, LIST_TYPE)) {
        relations.put(key(definition.name()), definition);
      }
      for (SinkDefinition sink : readList(sinksFile, SINK_LIST_TYPE)) {
        sinks.put(key(sink.name()), sink);
      }
      for (FunctionDefinition function : readList(functionsFile, FUNCTION_LIST_TYPE)) {
        functions.put(key(function.name()), function);
      }
      for (ModelDefinition model : readList(modelsFile, MODEL_LIST_TYPE)) {
        models.put(key(model.name()), model);
      }
    } catch (IOException e) {
      throw new SluiceException(
          ErrorCode.INTERNAL_ERROR,
          "Cannot read catalog file in " + file.getParent() + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * The definitions a catalog file holds, checked against its checksum (files written before
   * checksums are read as they are).
   *
   * @throws SluiceException naming the file, both checksums and what to do, if it is damaged
   */
  private <T> List<T> readList(Path path, TypeReference<List<T>> type) throws IOException {
    if (!Files.exists(path)) {
      return List.of();
    }
    byte[] content;
    try {
      content = ChecksummedFiles.read(path, ChecksummedFiles::isJson);
    } catch (DamagedFileException e) {
      throw damaged(path, e.problem(), e);
    }
    try {
      List<T> list = JSON.readValue(content, type);
      written.put(path, content);
      return list;
    } catch (IOException e) {
      throw damaged(path, "its content cannot be read: " + e.getMessage(), e);
    }
  }

  private static SluiceException damaged(Path path, String problem, Exception cause) {
    Path previous = previousOf(path);
    return new SluiceException(
        ErrorCode.INTERNAL_ERROR,
        "Catalog file "
            + path
            + " is damaged: "
            + problem
            + ". The server does not start on a damaged catalog, which would lose definitions: "
            + "restore the file from a backup"
            + (Files.exists(previous)
                ? ", or copy "
                    + previous
                    + " over it (the catalog before its last change: that change is lost)"
                : "")
            + ", then start the server again",
        cause);
  }

  /** Where the content a catalog file held before its last change is kept. */
  private static Path previousOf(Path path) {
    return path.resolveSibling(path.getFileName() + ".previous");
  }

  /**
   * Writes a catalog file with its checksum, keeping what it held before next to it, so a damaged
   * file costs at most its last change.
   */
  private void writeCatalogFile(Path path, byte[] content) throws IOException {
    // before its first change the file held no definitions
    byte[] before = written.getOrDefault(path, "[]".getBytes(StandardCharsets.UTF_8));
    ChecksummedFiles.writePrivate(previousOf(path), before);
    ChecksummedFiles.writePrivate(path, content);
    written.put(path, content);
  }

  /** Adds a persistent query; false if a sink of that name exists. */
  public synchronized boolean addSink(SinkDefinition sink) {
    if (sinks.containsKey(key(sink.name()))) {
      return false;
    }
    sinks.put(key(sink.name()), sink);
    persistSinks();
    return true;
  }

  /** Puts {@code sink} in place of the sink of the same name; false if there is none. */
  public synchronized boolean replaceSink(SinkDefinition sink) {
    if (!sinks.containsKey(key(sink.name()))) {
      return false;
    }
    sinks.put(key(sink.name()), sink);
    persistSinks();
    return true;
  }

  public synchronized boolean removeSink(String name) {
    if (sinks.remove(key(name)) == null) {
      return false;
    }
    persistSinks();
    return true;
  }

  public synchronized Optional<SinkDefinition> findSink(String name) {
    return Optional.ofNullable(sinks.get(key(name)));
  }

  public synchronized List<SinkDefinition> sinks() {
    return new ArrayList<>(sinks.values());
  }

  private void persistSinks() {
    version++;
    try {
      writeCatalogFile(sinksFile, JSON.writeValueAsBytes(new ArrayList<>(sinks.values())));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write catalog file " + sinksFile, e);
    }
  }

  /** Adds or, with {@code replace}, replaces a function; false if one of that name exists. */
  public synchronized boolean addFunction(FunctionDefinition function, boolean replace) {
    if (!replace && functions.containsKey(key(function.name()))) {
      return false;
    }
    functions.put(key(function.name()), function);
    persistFunctions();
    releaseUnusedJars();
    return true;
  }

  /** Removes a function; the class loader of its jar is closed once no function comes from it. */
  public synchronized boolean removeFunction(String name) {
    if (functions.remove(key(name)) == null) {
      return false;
    }
    persistFunctions();
    releaseUnusedJars();
    return true;
  }

  /**
   * Closes the class loaders of jars no function of the catalog comes from (after a drop, a replace
   * or a {@code CREATE FUNCTION … USING JAR} that failed its checks).
   */
  public synchronized void releaseUnusedJars() {
    List<String> jars = new ArrayList<>();
    for (FunctionDefinition function : functions.values()) {
      if (function.jar() != null) {
        jars.add(function.jar());
      }
    }
    functionLoaders.retainOnly(jars);
  }

  /** The class loaders user functions are loaded with. */
  public FunctionClassLoaders functionLoaders() {
    return functionLoaders;
  }

  /** The loader of {@code function}'s class: its jar's, or the server's. */
  public ClassLoader classLoader(FunctionDefinition function) {
    return functionLoaders.loader(function.jar());
  }

  public synchronized Optional<FunctionDefinition> findFunction(String name) {
    return Optional.ofNullable(functions.get(key(name)));
  }

  public synchronized List<FunctionDefinition> functions() {
    return new ArrayList<>(functions.values());
  }

  private void persistFunctions() {
    version++;
    try {
      writeCatalogFile(functionsFile, JSON.writeValueAsBytes(new ArrayList<>(functions.values())));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write catalog file " + functionsFile, e);
    }
  }

  /** Adds or, with {@code replace}, replaces a model; false if one of that name exists. */
  public synchronized boolean addModel(ModelDefinition model, boolean replace) {
    if (!replace && models.containsKey(key(model.name()))) {
      return false;
    }
    models.put(key(model.name()), model);
    persistModels();
    return true;
  }

  public synchronized boolean removeModel(String name) {
    if (models.remove(key(name)) == null) {
      return false;
    }
    persistModels();
    return true;
  }

  public synchronized Optional<ModelDefinition> findModel(String name) {
    return Optional.ofNullable(models.get(key(name)));
  }

  public synchronized List<ModelDefinition> models() {
    return new ArrayList<>(models.values());
  }

  private void persistModels() {
    version++;
    try {
      writeCatalogFile(modelsFile, JSON.writeValueAsBytes(new ArrayList<>(models.values())));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write catalog file " + modelsFile, e);
    }
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /**
   * Adds a relation; false if one of that name exists already (the caller decides if that is an
   * error).
   */
  public synchronized boolean add(RelationDefinition definition) {
    if (relations.containsKey(key(definition.name()))) {
      return false;
    }
    relations.put(key(definition.name()), definition);
    persist();
    return true;
  }

  /**
   * Puts {@code definition} in place of the relation of the same name and kind; false if there is
   * none (the caller decides if that is an error).
   */
  public synchronized boolean replace(RelationDefinition definition) {
    RelationDefinition existing = relations.get(key(definition.name()));
    if (existing == null || existing.kind() != definition.kind()) {
      return false;
    }
    relations.put(key(definition.name()), definition);
    persist();
    return true;
  }

  /** Removes a relation; false if there was none of that name. */
  public synchronized boolean remove(String name) {
    if (relations.remove(key(name)) == null) {
      return false;
    }
    persist();
    return true;
  }

  public synchronized Optional<RelationDefinition> find(String name) {
    return Optional.ofNullable(relations.get(key(name)));
  }

  public synchronized List<RelationDefinition> list() {
    return new ArrayList<>(relations.values());
  }

  public synchronized List<RelationDefinition> list(RelationKind kind) {
    List<RelationDefinition> result = new ArrayList<>();
    for (RelationDefinition definition : relations.values()) {
      if (definition.kind() == kind) {
        result.add(definition);
      }
    }
    return result;
  }

  /**
   * Declares the tables of schema {@code sys} (built into the server, never persisted); see {@link
   * RelationDefinitions#systemTable}.
   */
  public void setSystemTables(List<RelationDefinition> tables) {
    this.systemTables = List.copyOf(tables);
  }

  public List<RelationDefinition> systemTables() {
    return systemTables;
  }

  /** Increases on every change; lets planners cache what they derived from the catalog. */
  public long version() {
    return version;
  }

  private void persist() {
    version++;
    try {
      writeCatalogFile(file, JSON.writeValueAsBytes(new ArrayList<>(relations.values())));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write catalog file " + file, e);
    }
  }

  /** Closes the class loaders of function jars. */
  @Override
  public void close() {
    functionLoaders.close();
  }
}
