package io.tributary.localstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EsFileRealmTest {

    @Test
    void theHashIsElasticsearchsPbkdf2FormatAndRecomputesFromThePassword() {
        String hash = EsFileRealm.pbkdf2Hash("s3cret!".toCharArray());
        assertTrue(hash.startsWith("{PBKDF2}10000$"), hash);
        String[] parts = hash.substring("{PBKDF2}".length()).split("\\$");
        assertEquals(3, parts.length, hash);
        byte[] salt = Base64.getDecoder().decode(parts[1]);
        byte[] key = Base64.getDecoder().decode(parts[2]);
        assertEquals(32, salt.length);
        assertEquals(32, key.length, "256-bit key");
        assertArrayEquals(key, EsFileRealm.pbkdf2("s3cret!".toCharArray(), salt, Integer.parseInt(parts[0])));
        assertFalse(java.util.Arrays.equals(key, EsFileRealm.pbkdf2("s3cret?".toCharArray(), salt, 10_000)));
    }

    @Test
    void eachHashHasItsOwnSalt() {
        assertNotEquals(EsFileRealm.pbkdf2Hash("same".toCharArray()), EsFileRealm.pbkdf2Hash("same".toCharArray()));
    }

    @Test
    void writesTheUserAndItsRoleWithoutThePassword(@TempDir Path conf) throws Exception {
        EsFileRealm.write(conf, "admin", "pw-in-clear", "superuser");
        String users = Files.readString(conf.resolve("users"));
        assertTrue(users.matches("admin:\\{PBKDF2}10000\\$[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+\n"), users);
        assertFalse(users.contains("pw-in-clear"));
        assertEquals("superuser:admin\n", Files.readString(conf.resolve("users_roles")));
    }
}
