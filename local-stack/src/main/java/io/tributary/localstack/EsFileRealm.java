package io.tributary.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Elasticsearch's file realm for one user: {@code users} ({@code name:hash}) and {@code users_roles}
 * ({@code role:name}) in the config dir, written in Java instead of with {@code bin/elasticsearch-users}, which
 * would need the server's JVM and run as another user. The hash is the {@code {PBKDF2}} format Elasticsearch itself
 * writes by default: {@code {PBKDF2}<iterations>$<base64 salt>$<base64 key>}, PBKDF2WithHmacSHA512, 32-byte salt,
 * 256-bit key.
 */
final class EsFileRealm {
    static final String ALGORITHM = "PBKDF2WithHmacSHA512";
    static final int ITERATIONS = 10_000;
    static final int SALT_BYTES = 32;
    static final int KEY_BITS = 256;

    private EsFileRealm() {
    }

    /** Writes {@code users} and {@code users_roles} into {@code configDir}: {@code user} with that password and role. */
    static void write(Path configDir, String user, String password, String role) throws IOException {
        Files.writeString(configDir.resolve("users"), user + ":" + pbkdf2Hash(password.toCharArray()) + "\n");
        Files.writeString(configDir.resolve("users_roles"), role + ":" + user + "\n");
    }

    static String pbkdf2Hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        Base64.Encoder base64 = Base64.getEncoder();
        return "{PBKDF2}" + ITERATIONS + "$" + base64.encodeToString(salt) + "$"
                + base64.encodeToString(pbkdf2(password, salt, ITERATIONS));
    }

    static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        try {
            return SecretKeyFactory.getInstance(ALGORITHM)
                    .generateSecret(new PBEKeySpec(password, salt, iterations, KEY_BITS)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new LocalStackException("cannot hash a password with " + ALGORITHM + ": " + e, e);
        }
    }
}
