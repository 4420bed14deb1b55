package dev.hupbot.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hupbot.config.Secret;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenStoreTest {
    @TempDir Path dir;

    private static StoredToken token(String access, String refresh) {
        return new StoredToken("chatty", "1", Secret.of(access), Secret.of(refresh), List.of("chat:read"),
                Instant.parse("2030-01-01T00:00:00Z"), null);
    }

    @Test
    void theDataDirectoryAndTheFileArePrivate() throws Exception {
        Path data = dir.resolve("data");
        new TokenStore(data).put("chatty", token("access-aaaa", "refresh-aaaa"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("tokens.json")))).isEqualTo("rw-------");
        assertThat(new TokenStore(data).get("chatty").orElseThrow().refreshToken()).isEqualTo(Secret.of("refresh-aaaa"));
        assertThat(token("access-aaaa", "refresh-aaaa").toString()).doesNotContain("aaaa");
    }

    @Test
    void aSymlinkAtTheStoreIsNeitherReadNorWrittenThrough() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        Path elsewhere = Files.writeString(dir.resolve("victim"), "precious");
        Files.createSymbolicLink(data.resolve("tokens.json"), elsewhere);
        TokenStore store = new TokenStore(data);

        assertThatThrownBy(store::all).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("is not a regular file (a symbolic link?); remove it and log in again");
        assertThatThrownBy(() -> store.put("chatty", token("a-1234567", "r-1234567"))).isInstanceOf(UncheckedIOException.class);
        assertThat(Files.readString(elsewhere)).isEqualTo("precious");
    }

    @Test
    void aStoreOthersCanReadIsRefusedWithTheFix() throws Exception {
        Path data = dir.resolve("data");
        TokenStore store = new TokenStore(data);
        store.put("chatty", token("access-bbbb", "refresh-bbbb"));
        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(store::all).hasMessageContaining("is readable by others (mode rw-r--r--); run chmod 600");
    }

    @Test
    void replaceIfWritesOnlyOverTheExpectedRefreshToken() {
        TokenStore store = new TokenStore(dir.resolve("data"));
        store.put("chatty", token("access-1111", "refresh-1111"));

        assertThat(store.replaceIf("chatty", Secret.of("refresh-other"), t -> token("x-22222222", "y-22222222"))).isFalse();
        assertThat(store.replaceIf("chatty", Secret.of("refresh-1111"), t -> token("access-3333", "refresh-3333"))).isTrue();
        assertThat(store.get("chatty").orElseThrow().accessToken()).isEqualTo(Secret.of("access-3333"));
        assertThat(store.remove("chatty")).isTrue();
        assertThat(store.all()).isEmpty();
    }
}
