package io.sluice.http.auth;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted, deliberately slow hash of a password (PBKDF2 with HMAC-SHA256, the JDK's own), written
 * as {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} with base64 salt and hash. The iteration count is
 * stored with each hash, so raising it later keeps existing users working.
 */
public final class PasswordHash {
  /** OWASP's recommendation for PBKDF2-HMAC-SHA256 (2023). */
  static final int ITERATIONS = 600_000;

  private static final String SCHEME = "pbkdf2-sha256";
  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  private PasswordHash(int iterations, byte[] salt, byte[] hash) {
    this.iterations = iterations;
    this.salt = salt.clone();
    this.hash = hash.clone();
  }

  /** Hashes {@code password} with a fresh random salt. */
  public static PasswordHash of(char[] password) {
    requireNonNull(password, "password is null");
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return new PasswordHash(ITERATIONS, salt, derive(password, salt, ITERATIONS));
  }

  /** Reads the form {@link #encoded()} writes; the error says what is malformed, never the hash. */
  public static PasswordHash parse(String encoded) {
    String[] parts = encoded.split("\\$", -1);
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      throw new IllegalArgumentException(
          "not a password hash of the form " + SCHEME + "$ITERATIONS$SALT$HASH");
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      if (iterations < 1) {
        throw new IllegalArgumentException("a password hash needs a positive iteration count");
      }
      Base64.Decoder base64 = Base64.getDecoder();
      return new PasswordHash(iterations, base64.decode(parts[2]), base64.decode(parts[3]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "malformed password hash (" + SCHEME + "$ITERATIONS$SALT$HASH expected)", e);
    }
  }

  /** True if {@code password} is the one hashed; takes as long whatever the answer. */
  public boolean matches(char[] password) {
    return MessageDigest.isEqual(hash, derive(password, salt, iterations));
  }

  public String encoded() {
    Base64.Encoder base64 = Base64.getEncoder();
    return SCHEME
        + "$"
        + iterations
        + "$"
        + base64.encodeToString(salt)
        + "$"
        + base64.encodeToString(hash);
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This JVM cannot compute " + ALGORITHM, e);
    } finally {
      spec.clearPassword();
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PasswordHash
        && ((PasswordHash) other).iterations == iterations
        && Arrays.equals(((PasswordHash) other).salt, salt)
        && Arrays.equals(((PasswordHash) other).hash, hash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hash);
  }

  /** Never the hash itself: objects end up in logs. */
  @Override
  public String toString() {
    return SCHEME + "$" + iterations + "$…";
  }
}
