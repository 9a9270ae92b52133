package io.sluice.exec.driver;

import io.sluice.exec.checkpoint.DamagedCheckpointException;
import io.sluice.spi.error.SluiceException;
import io.sluice.spi.error.TransientException;
import io.sluice.spi.fs.DamagedFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Tells passing failures of a persistent query from permanent ones, and words either for a user.
 * Passing: an input/output error (a folder that cannot be written, a full disk) or a connector's
 * {@link TransientException} (a broker out of reach), anywhere in the cause chain; retrying may
 * succeed once the cause clears. Permanent: everything else — a damaged checkpoint (the same bytes
 * again), a plan that no longer fits, a bad record under {@code on-error = fail}, a state budget
 * exceeded.
 */
public final class Failures {
  private Failures() {}

  public static boolean isTransient(Throwable failure) {
    boolean passing = false;
    for (Throwable cause : chain(failure)) {
      // JSON that cannot be read (a checkpoint a changed class cannot take) stays unreadable.
      if (cause instanceof DamagedFileException
          || cause instanceof DamagedCheckpointException
          || cause instanceof com.fasterxml.jackson.core.JsonProcessingException
          || cause instanceof Error) {
        return false;
      }
      if (cause instanceof TransientException || cause instanceof IOException) {
        passing = true;
      }
    }
    return passing;
  }

  /**
   * What went wrong, in words: the outermost message (what Sluice was doing), then the root cause
   * described without class names where it is a file-system error ("... is not a folder").
   */
  public static String describe(Throwable failure) {
    if (failure instanceof SluiceException) {
      return failure.getMessage();
    }
    Throwable root = failure;
    for (Throwable cause : chain(failure)) {
      root = cause;
    }
    String outer = message(failure);
    if (root == failure) {
      return outer;
    }
    String inner = rootCause(root);
    return outer.contains(inner) ? outer : outer + ": " + inner;
  }

  private static String message(Throwable failure) {
    if (failure instanceof UncheckedIOException && failure.getCause() != null) {
      String message = failure.getMessage();
      // UncheckedIOException(cause) alone repeats the cause's toString as its message
      if (message == null || message.equals(failure.getCause().toString())) {
        return rootCause(failure.getCause());
      }
    }
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
  }

  private static String rootCause(Throwable root) {
    if (root instanceof FileSystemException fs) {
      String file = fs.getFile() == null ? "a file" : fs.getFile();
      if (fs instanceof AccessDeniedException) {
        return "permission denied on " + file;
      }
      if (fs instanceof NoSuchFileException) {
        return file + " does not exist";
      }
      if (fs instanceof NotDirectoryException) {
        return file + " is not a folder";
      }
      if (fs instanceof FileAlreadyExistsException) {
        return file + " already exists (is it a file where a folder should be?)";
      }
      String reason = fs.getReason();
      return file + ": " + (reason == null ? "input/output error" : reason);
    }
    return message(root);
  }

  /** The failure and its causes, outermost first, each once. */
  private static List<Throwable> chain(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> chain = new ArrayList<>();
    for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
      chain.add(cause);
    }
    return chain;
  }
}
