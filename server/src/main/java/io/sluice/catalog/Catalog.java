package io.sluice.catalog;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sluice.checkpoint.AtomicFiles;
import io.sluice.error.ErrorCode;
import io.sluice.error.SluiceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The streams and tables the server knows, persisted as one JSON file in the data directory so
 * DDL survives a restart. Names match case-insensitively, as identifiers do in queries.
 */
public final class Catalog {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final TypeReference<List<RelationDefinition>> LIST_TYPE = new TypeReference<>() {
  };

  private final Path file;
  private final Map<String, RelationDefinition> relations = new LinkedHashMap<>();
  private volatile long version;

  private Catalog(Path file) {
    this.file = requireNonNull(file, "file is null");
  }

  /** Opens (or creates) the catalog kept under {@code dataDirectory}. */
  public static Catalog open(Path dataDirectory) {
    Catalog catalog = new Catalog(dataDirectory.resolve("catalog").resolve("relations.json"));
    catalog.load();
    return catalog;
  }

  private void load() {
    if (!Files.exists(file)) {
      return;
    }
    try {
      for (RelationDefinition definition : JSON.readValue(file.toFile(), LIST_TYPE)) {
        relations.put(key(definition.name()), definition);
      }
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.INTERNAL_ERROR,
          "Cannot read catalog file " + file + ": " + e.getMessage(), e);
    }
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** Adds a relation; false if one of that name exists already (the caller decides if that is an error). */
  public synchronized boolean add(RelationDefinition definition) {
    if (relations.containsKey(key(definition.name()))) {
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

  /** Increases on every change; lets planners cache what they derived from the catalog. */
  public long version() {
    return version;
  }

  private void persist() {
    version++;
    try {
      AtomicFiles.write(file, JSON.writeValueAsBytes(new ArrayList<>(relations.values())));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write catalog file " + file, e);
    }
  }
}
