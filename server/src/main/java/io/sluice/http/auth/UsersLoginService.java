package io.sluice.http.auth;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sluice.server.session.Principal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.Subject;
import javax.servlet.ServletRequest;
import org.eclipse.jetty.security.DefaultIdentityService;
import org.eclipse.jetty.security.IdentityService;
import org.eclipse.jetty.security.LoginService;
import org.eclipse.jetty.server.UserIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks HTTP Basic credentials against the users file, which it reads again when it changes (so
 * {@code bin/sluice user add} takes effect without a restart). A password hash costs about a
 * quarter of a second by design, and Avatica clients send their credentials with every request: a
 * password that checked out is remembered for a while as a keyed hash (HMAC under a key that lives
 * only in this process), so later requests compare that instead.
 */
public final class UsersLoginService implements LoginService {
  private static final Logger LOG = LoggerFactory.getLogger(UsersLoginService.class);
  private static final Duration REMEMBER_VERIFIED = Duration.ofMinutes(10);
  private static final String REALM = "Sluice";
  // checked against for unknown users, so a wrong name takes as long as a wrong password
  private static final PasswordHash NOBODY = PasswordHash.of("no such user".toCharArray());

  private final Path file;
  private final byte[] cacheKey = new byte[32];
  private final Cache<String, byte[]> verified =
      Caffeine.newBuilder().expireAfterWrite(REMEMBER_VERIFIED).maximumSize(10_000).build();
  private volatile IdentityService identityService = new DefaultIdentityService();
  private volatile Snapshot snapshot;

  /** The users file as read, and the file's modification time and size then. */
  private record Snapshot(Map<String, User> users, long modifiedMillis, long size) {}

  /** Reads {@code file}, which must be private to its owner and name at least one user. */
  public UsersLoginService(Path file) {
    this.file = requireNonNull(file, "file is null");
    new SecureRandom().nextBytes(cacheKey);
    UsersFile.requirePrivate(file);
    this.snapshot = load();
    if (snapshot.users().isEmpty()) {
      throw new IllegalStateException(
          "sluice.auth = basic, but the users file "
              + file
              + " names no user; add one with: bin/sluice user add NAME --role admin");
    }
  }

  @Override
  public String getName() {
    return REALM;
  }

  @Override
  public UserIdentity login(String username, Object credentials, ServletRequest request) {
    if (username == null || !(credentials instanceof String)) {
      return null;
    }
    char[] password = ((String) credentials).toCharArray();
    User user = users().get(username);
    if (user == null) {
      NOBODY.matches(password);
      return null;
    }
    byte[] remembered = keyed(user, password);
    byte[] known = verified.getIfPresent(username);
    if (known == null || !MessageDigest.isEqual(known, remembered)) {
      if (!user.password().matches(password)) {
        return null;
      }
      verified.put(username, remembered);
    }
    Principal principal = new Principal(user.name(), user.role());
    return identityService.newUserIdentity(
        new Subject(), new AuthenticatedUser(principal), new String[] {user.role().word()});
  }

  /** A user stays valid while the file still names them with the same role. */
  @Override
  public boolean validate(UserIdentity identity) {
    if (!(identity.getUserPrincipal() instanceof AuthenticatedUser)) {
      return false;
    }
    Principal principal = ((AuthenticatedUser) identity.getUserPrincipal()).principal();
    User user = users().get(principal.name());
    return user != null && user.role() == principal.role();
  }

  @Override
  public IdentityService getIdentityService() {
    return identityService;
  }

  @Override
  public void setIdentityService(IdentityService service) {
    this.identityService = requireNonNull(service, "service is null");
  }

  @Override
  public void logout(UserIdentity identity) {}

  /** The users of the file as it is now. */
  private Map<String, User> users() {
    Snapshot current = snapshot;
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      if (attributes.lastModifiedTime().toMillis() == current.modifiedMillis()
          && attributes.size() == current.size()) {
        return current.users();
      }
    } catch (IOException e) {
      LOG.warn("Cannot read the users file {}: {}; no one can log in", file, e.toString());
      return Map.of();
    }
    synchronized (this) {
      try {
        Snapshot reloaded = load();
        if (!Objects.equals(reloaded.users(), snapshot.users())) {
          // a removed user or a changed password must not log in from memory
          verified.invalidateAll();
          LOG.info("Users file {} changed: {} users", file, reloaded.users().size());
        }
        snapshot = reloaded;
      } catch (RuntimeException e) {
        LOG.warn("Cannot read the users file {}: {}; keeping the users read before", file, e);
      }
      return snapshot.users();
    }
  }

  private Snapshot load() {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return new Snapshot(
          UsersFile.read(file), attributes.lastModifiedTime().toMillis(), attributes.size());
    } catch (IOException e) {
      throw new IllegalStateException(
          "sluice.auth = basic, but the users file "
              + file
              + " cannot be read ("
              + e
              + "); add a user with: bin/sluice user add NAME --role admin",
          e);
    }
  }

  /** The password under this process's key, bound to the user's current hash. */
  private byte[] keyed(User user, char[] password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
      mac.update(user.password().encoded().getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return mac.doFinal(new String(password).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This JVM cannot compute HmacSHA256", e);
    }
  }
}
