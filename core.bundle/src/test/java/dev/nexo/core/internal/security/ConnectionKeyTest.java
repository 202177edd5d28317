package dev.nexo.core.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionKeyTest {
    @TempDir
    Path dir;

    @Test
    void createsAPrefixedOwnerOnlyKeyOnceAndReusesIt() throws Exception {
        Path file = dir.resolve("connection.key");
        ConnectionKey first = new ConnectionKey(file);
        String stored = Files.readString(file).trim();
        assertTrue(stored.startsWith(ConnectionKey.PREFIX), "recognisable prefix");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(first.matches(stored));
        ConnectionKey second = new ConnectionKey(file);
        assertTrue(second.matches(stored), "the same key after a restart");
    }

    @Test
    void refusesWrongEmptyAndMissingKeys() {
        ConnectionKey key = new ConnectionKey(dir.resolve("connection.key"));
        assertFalse(key.matches(null));
        assertFalse(key.matches(""));
        assertFalse(key.matches(ConnectionKey.generate()));
    }

    @Test
    void generatedKeysDiffer() {
        assertNotEquals(ConnectionKey.generate(), ConnectionKey.generate());
    }

    @Test
    void acceptsOnlyABearerHeaderWithTheKey() throws Exception {
        Path file = dir.resolve("connection.key");
        ConnectionKey key = new ConnectionKey(file);
        String stored = Files.readString(file).trim();
        assertTrue(key.matchesAuthorization("Bearer " + stored));
        assertTrue(key.matchesAuthorization("bearer " + stored));
        assertFalse(key.matchesAuthorization(stored));
        assertFalse(key.matchesAuthorization("Basic " + stored));
        assertFalse(key.matchesAuthorization("Bearer "));
        assertFalse(key.matchesAuthorization(null));
    }

    @Test
    void rotationReplacesTheKeyAndItsEpoch() throws Exception {
        Path file = dir.resolve("connection.key");
        ConnectionKey key = new ConnectionKey(file);
        String old = Files.readString(file).trim();
        String oldEpoch = key.epoch();
        key.rotate();
        String fresh = Files.readString(file).trim();
        assertNotEquals(old, fresh);
        assertFalse(key.matches(old), "the old key stops working at once");
        assertTrue(key.matchesAuthorization("Bearer " + fresh));
        assertNotEquals(oldEpoch, key.epoch(), "tokens bound to the old epoch are invalid");
        assertFalse(key.epoch().contains(fresh.substring(ConnectionKey.PREFIX.length(), 20)), "the epoch does not leak the key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
}
