package io.sluice.exec.model;

import static java.util.Objects.requireNonNull;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sluice.catalog.ModelDefinition;
import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import io.sluice.spi.fs.AtomicFiles;
import io.sluice.spi.fs.FileNames;
import io.sluice.spi.type.ColumnType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's models at run time: the version of each that queries score with, the files they came
 * from, and every version a query still holds.
 *
 * <p>A background check (every {@code reloadInterval}) notices a model file replaced on disk and
 * loads it; queries switch to it at their next batch boundary. A file that fails to load leaves the
 * version before it in place and is reported in {@link ModelStatus#error()}.
 *
 * <p>Each version loaded is kept in the data directory under its content hash ({@code
 * models/<name>/<hash>.onnx}, the last few per model), so a batch replayed after a crash is scored
 * by the very version its first run used, even when the file changed in between, and a restart
 * whose file fails to load still has the last good version.
 */
public final class ModelRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

  /** Versions kept per model besides the current one, for replays. */
  private static final int KEPT_VERSIONS = 5;

  private static final String CURRENT_FILE = "current";

  private final Path store;
  private final ModelFiles files;
  private final int threads;
  private final Map<String, Entry> entries = new HashMap<>();
  private final ScheduledExecutorService watcher;

  /** What the registry holds of one model. */
  private static final class Entry {
    ModelDefinition definition;
    OnnxModel current;
    FileStamp stamp;
    String error;
    Long errorAtMillis;

    /** Versions loaded and perhaps still held by queries, by version; current among them. */
    final Map<String, OnnxModel> loaded = new HashMap<>();

    Entry(ModelDefinition definition) {
      this.definition = definition;
    }
  }

  /** A file as last seen: a different stamp means it was replaced or rewritten. */
  private record FileStamp(long size, long modifiedNanos, Object fileKey) {
    static FileStamp of(Path file) throws IOException {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return new FileStamp(
          attributes.size(),
          attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS),
          attributes.fileKey());
    }
  }

  /** A model file read and loaded, not yet in use: {@link #install} it or {@link #discard} it. */
  public static final class Candidate {
    private final OnnxModel model;
    private final byte[] content;
    private final FileStamp stamp;

    private Candidate(OnnxModel model, byte[] content, FileStamp stamp) {
      this.model = model;
      this.content = content;
      this.stamp = stamp;
    }

    public OnnxModel model() {
      return model;
    }
  }

  /**
   * @param store folder the registry keeps model versions in (in the data directory)
   * @param threads CPU threads one model call may use (ONNX Runtime's intra-op threads); with 1 a
   *     call runs on the query's own thread
   * @param reloadInterval how often model files are checked for a new version; zero: never
   */
  public ModelRegistry(Path store, ModelFiles files, int threads, Duration reloadInterval) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, not " + threads);
    }
    this.store = requireNonNull(store, "store is null");
    this.files = requireNonNull(files, "files is null");
    this.threads = threads;
    this.watcher =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "sluice-model-files");
              thread.setDaemon(true);
              return thread;
            });
    long period = reloadInterval.toMillis();
    if (period > 0) {
      var unused =
          watcher.scheduleWithFixedDelay(
              this::checkFilesQuietly, period, period, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Reads and loads {@code definition}'s file, checking it against the declared columns.
   *
   * @throws SluiceException naming the model, the file and what is wrong with it
   */
  public Candidate load(ModelDefinition definition) {
    Path file;
    try {
      file = files.resolve(definition);
    } catch (IllegalArgumentException e) {
      throw new SluiceException(
          ErrorCode.INVALID_OPTION, "Model '" + definition.name() + "': " + e.getMessage(), e);
    }
    try {
      FileStamp stamp = FileStamp.of(file);
      byte[] content = Files.readAllBytes(file);
      return new Candidate(load(definition, content), content, stamp);
    } catch (NoSuchFileException e) {
      throw problem(definition, file, "there is no such file");
    } catch (IOException e) {
      throw problem(definition, file, "it cannot be read: " + e);
    } catch (IllegalArgumentException e) {
      throw problem(definition, file, e.getMessage());
    }
  }

  private OnnxModel load(ModelDefinition definition, byte[] content) {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      // idle pool threads sleep rather than spin: they would burn the cores queries need
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      return OnnxModel.load(content, definition.inputs(), definition.outputs(), options);
    } catch (OrtException e) {
      throw new IllegalArgumentException("ONNX Runtime refused its options: " + e.getMessage(), e);
    }
  }

  private static SluiceException problem(ModelDefinition definition, Path file, String problem) {
    return new SluiceException(
        ErrorCode.VALIDATION_ERROR,
        "Model '" + definition.name() + "' cannot use file " + file + ": " + problem);
  }

  /**
   * Makes {@code candidate} the version queries score {@code definition} with from their next batch
   * on, keeping its file under its hash; the model is (re)defined as {@code definition}.
   */
  public void install(ModelDefinition definition, Candidate candidate) {
    keep(definition.name(), candidate.model.version(), candidate.content);
    synchronized (this) {
      Entry entry = entries.computeIfAbsent(key(definition.name()), k -> new Entry(definition));
      entry.definition = definition;
      entry.stamp = candidate.stamp;
      entry.error = null;
      entry.errorAtMillis = null;
      setCurrent(entry, candidate.model);
    }
    LOG.info("Model {} scores with version {}", definition.name(), candidate.model.version());
  }

  /** Lets go of a candidate that will not be installed. */
  public void discard(Candidate candidate) {
    candidate.model.release();
  }

  private void setCurrent(Entry entry, OnnxModel model) {
    OnnxModel old = entry.current;
    if (old != null && old.version().equals(model.version())) {
      // same content: keep the session queries hold, drop the new one
      model.release();
      return;
    }
    OnnxModel held = entry.loaded.get(model.version());
    if (held != null && held.retain()) {
      model.release();
      model = held;
    } else {
      entry.loaded.put(model.version(), model);
    }
    entry.current = model;
    if (old != null) {
      release(entry, old);
    }
  }

  /**
   * Takes up the models of the catalog when the server starts. A file that fails to load now falls
   * back to the version last loaded before the restart, with the error reported.
   */
  public void start(List<ModelDefinition> definitions) {
    for (ModelDefinition definition : definitions) {
      try {
        install(definition, load(definition));
      } catch (SluiceException e) {
        Entry entry = new Entry(definition);
        String previous = storedCurrent(definition.name());
        String fallback = "";
        if (previous != null) {
          try {
            OnnxModel model =
                load(definition, Files.readAllBytes(versionFile(definition.name(), previous)));
            entry.loaded.put(model.version(), model);
            entry.current = model;
            fallback = "; scoring with version " + previous + ", loaded before the restart";
          } catch (IOException | IllegalArgumentException stored) {
            fallback =
                "; the version loaded before the restart cannot be used either: "
                    + stored.getMessage();
          }
        }
        entry.error = e.getMessage() + fallback;
        entry.errorAtMillis = System.currentTimeMillis();
        LOG.warn("{}", entry.error);
        synchronized (this) {
          entries.put(key(definition.name()), entry);
        }
      }
    }
  }

  /** Forgets a dropped model and deletes the versions kept of it; queries running keep theirs. */
  public void remove(String name) {
    Entry entry;
    synchronized (this) {
      entry = entries.remove(key(name));
      if (entry != null && entry.current != null) {
        release(entry, entry.current);
        entry.current = null;
      }
    }
    Path folder = folder(name);
    if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> kept = Files.list(folder)) {
        for (Path file : (Iterable<Path>) kept::iterator) {
          String fileName = file.getFileName().toString();
          if (fileName.equals(CURRENT_FILE) || fileName.endsWith(".onnx")) {
            Files.deleteIfExists(file);
          }
        }
        try (Stream<Path> left = Files.list(folder)) {
          if (left.findAny().isEmpty()) {
            Files.delete(folder);
          }
        }
      } catch (IOException e) {
        LOG.warn("Cannot delete the kept versions of model {} in {}", name, folder, e);
      }
    }
  }

  /** What the server has of model {@code name}, or empty when it has no such model. */
  public synchronized Optional<ModelStatus> status(String name) {
    return Optional.ofNullable(entries.get(key(name))).map(ModelRegistry::status);
  }

  /** What the server has of every model. */
  public synchronized List<ModelStatus> statuses() {
    List<ModelStatus> result = new ArrayList<>();
    entries.values().forEach(entry -> result.add(status(entry)));
    result.sort(
        Comparator.comparing(status -> status.definition().name().toLowerCase(Locale.ROOT)));
    return result;
  }

  private static ModelStatus status(Entry entry) {
    OnnxModel current = entry.current;
    return new ModelStatus(
        entry.definition,
        current == null ? null : current.version(),
        current == null ? null : current.loadedAtMillis(),
        entry.error,
        entry.errorAtMillis,
        current == null ? null : current.signature());
  }

  /**
   * A binding of model {@code name} for one operator of a query, which scores batches with declared
   * OUTPUT columns of {@code outputTypes}.
   *
   * @param id the operator's id in its query, as checkpoints record it
   */
  public ModelBinding bind(String name, String id, List<ColumnType> outputTypes, int features) {
    synchronized (this) {
      if (!entries.containsKey(key(name))) {
        throw new SluiceException(
            ErrorCode.VALIDATION_ERROR, "Model '" + name + "' does not exist (any more)");
      }
    }
    return new ModelBinding(this, name, id, outputTypes, features);
  }

  /** The current version of {@code name}, held for the caller, or null when there is none. */
  synchronized OnnxModel acquireCurrent(String name) {
    Entry entry = entries.get(key(name));
    if (entry == null || entry.current == null) {
      return null;
    }
    return entry.current.retain() ? entry.current : null;
  }

  /** Why {@code name} has no current version, for the error of a query that needs one. */
  synchronized String missingReason(String name) {
    Entry entry = entries.get(key(name));
    if (entry == null) {
      return "model '" + name + "' was dropped";
    }
    return entry.error == null ? "model '" + name + "' has no version loaded" : entry.error;
  }

  /**
   * Version {@code version} of {@code name}, held for the caller: the one in memory, or read back
   * from the versions kept in the data directory.
   *
   * @throws SluiceException when that version is no longer kept
   */
  OnnxModel acquireVersion(String name, String version, ModelDefinition columnsFrom) {
    synchronized (this) {
      Entry entry = entries.get(key(name));
      if (entry != null) {
        OnnxModel held = entry.loaded.get(version);
        if (held != null && held.retain()) {
          return held;
        }
      }
    }
    Path file = versionFile(name, version);
    try {
      byte[] content = Files.readAllBytes(file);
      if (!OnnxModel.version(content).equals(version)) {
        throw new IOException("its content does not hash to " + version);
      }
      OnnxModel model = load(columnsFrom, content);
      synchronized (this) {
        Entry entry = entries.get(key(name));
        if (entry != null) {
          OnnxModel held = entry.loaded.get(version);
          if (held != null && held.retain()) {
            model.release();
            return held;
          }
          entry.loaded.put(version, model);
        }
      }
      return model;
    } catch (IOException | IllegalArgumentException e) {
      throw new SluiceException(
          ErrorCode.QUERY_FAILED,
          "Model '"
              + name
              + "' version "
              + version
              + ", which the checkpoint says this batch was scored with, cannot be loaded from "
              + file
              + " ("
              + e.getMessage()
              + "); the server keeps the last "
              + KEPT_VERSIONS
              + " versions of each model",
          e);
    }
  }

  /** The definition of {@code name} now, or null. */
  synchronized ModelDefinition definition(String name) {
    Entry entry = entries.get(key(name));
    return entry == null ? null : entry.definition;
  }

  /** Lets go of a version a binding held. */
  void release(String name, OnnxModel model) {
    synchronized (this) {
      Entry entry = entries.get(key(name));
      if (entry != null) {
        release(entry, model);
        return;
      }
    }
    model.release();
  }

  private static void release(Entry entry, OnnxModel model) {
    if (model.release() && entry.loaded.get(model.version()) == model) {
      entry.loaded.remove(model.version());
    }
  }

  /** Checks every model's file and loads those replaced since they were last read. */
  public void checkFiles() {
    List<ModelDefinition> definitions = new ArrayList<>();
    synchronized (this) {
      entries.values().forEach(entry -> definitions.add(entry.definition));
    }
    for (ModelDefinition definition : definitions) {
      checkFile(definition);
    }
  }

  private void checkFilesQuietly() {
    try {
      checkFiles();
    } catch (RuntimeException e) {
      LOG.warn("Checking model files failed", e);
    }
  }

  private void checkFile(ModelDefinition definition) {
    FileStamp seen;
    synchronized (this) {
      Entry entry = entries.get(key(definition.name()));
      if (entry == null || !entry.definition.equals(definition)) {
        return;
      }
      seen = entry.stamp;
    }
    Path file;
    FileStamp stamp;
    try {
      file = files.resolve(definition);
      stamp = FileStamp.of(file);
    } catch (IOException | IllegalArgumentException e) {
      FileStamp missing = new FileStamp(-1, -1, null);
      if (!missing.equals(seen)) {
        failed(
            definition,
            missing,
            "Model '"
                + definition.name()
                + "' cannot read its file "
                + definition.path()
                + " ("
                + (e instanceof NoSuchFileException ? "there is no such file" : e.getMessage())
                + ")");
      }
      return;
    }
    if (stamp.equals(seen)) {
      return;
    }
    try {
      byte[] content = Files.readAllBytes(file);
      String version = OnnxModel.version(content);
      synchronized (this) {
        Entry entry = entries.get(key(definition.name()));
        if (entry == null || !entry.definition.equals(definition)) {
          return;
        }
        if (entry.current != null && entry.current.version().equals(version)) {
          entry.stamp = stamp;
          entry.error = null;
          entry.errorAtMillis = null;
          return;
        }
      }
      OnnxModel model = load(definition, content);
      Candidate candidate = new Candidate(model, content, stamp);
      synchronized (this) {
        Entry entry = entries.get(key(definition.name()));
        if (entry == null || !entry.definition.equals(definition)) {
          discard(candidate);
          return;
        }
      }
      install(definition, candidate);
    } catch (IOException | IllegalArgumentException e) {
      failed(
          definition,
          stamp,
          problem(definition, file, e.getMessage()).getMessage()
              + "; queries keep scoring with the version before it");
    }
  }

  private void failed(ModelDefinition definition, FileStamp stamp, String error) {
    synchronized (this) {
      Entry entry = entries.get(key(definition.name()));
      if (entry == null || !entry.definition.equals(definition)) {
        return;
      }
      entry.stamp = stamp;
      entry.error = error;
      entry.errorAtMillis = System.currentTimeMillis();
    }
    LOG.warn("{}", error);
  }

  /** Keeps a version's file under its hash and marks it current; older versions beyond a few go. */
  private void keep(String name, String version, byte[] content) {
    Path folder = folder(name);
    try {
      Files.createDirectories(folder);
      Path file = versionFile(name, version);
      if (!Files.exists(file)) {
        AtomicFiles.write(file, content);
      } else {
        // touched, so it counts as recent when older versions are pruned
        Files.setLastModifiedTime(
            file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
      }
      AtomicFiles.write(folder.resolve(CURRENT_FILE), version.getBytes(StandardCharsets.UTF_8));
      prune(folder, version);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot keep model " + name + " in " + folder, e);
    }
  }

  private static void prune(Path folder, String current) throws IOException {
    List<Path> versions;
    try (Stream<Path> listed = Files.list(folder)) {
      versions =
          listed
              .filter(path -> path.getFileName().toString().endsWith(".onnx"))
              .filter(path -> !path.getFileName().toString().equals(current + ".onnx"))
              .sorted(Comparator.comparing(ModelRegistry::modified).reversed())
              .toList();
    }
    for (int i = KEPT_VERSIONS; i < versions.size(); i++) {
      Files.deleteIfExists(versions.get(i));
    }
  }

  private static long modified(Path path) {
    try {
      return Files.getLastModifiedTime(path).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  private String storedCurrent(String name) {
    try {
      Path file = folder(name).resolve(CURRENT_FILE);
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private Path folder(String name) {
    return store.resolve(FileNames.encode(name.toLowerCase(Locale.ROOT)));
  }

  private Path versionFile(String name, String version) {
    if (!version.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException("Not a model version: " + version);
    }
    return folder(name).resolve(version + ".onnx");
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() {
    watcher.shutdownNow();
    synchronized (this) {
      for (Entry entry : entries.values()) {
        if (entry.current != null) {
          release(entry, entry.current);
          entry.current = null;
        }
      }
    }
  }
}
