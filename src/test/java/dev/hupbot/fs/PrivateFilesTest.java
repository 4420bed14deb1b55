package dev.hupbot.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
    @TempDir Path tmp;

    @Test
    void createsTheDirectory0700AndTightensAnExistingOne() throws Exception {
        Path fresh = tmp.resolve("a/b/data");
        PrivateFiles.ensurePrivateDirectory(fresh);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");

        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        PrivateFiles.ensurePrivateDirectory(open);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(open))).isEqualTo("rwx------");
    }

    @Test
    void refusesADirectoryOthersCanWrite() throws Exception {
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxr-x"));
        assertThatThrownBy(() -> PrivateFiles.ensurePrivateDirectory(shared))
                .isInstanceOf(UnsafePathException.class)
                .hasMessage("the data directory " + shared + " is writable by group or others (mode 0775), so other"
                        + " accounts could plant files in it; fix it with chmod 700 " + shared);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared))).isEqualTo("rwxrwxr-x");
    }

    @Test
    void writesByRenameWithoutFollowingAPlantedTempSymlink() throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim"), "precious");
        Path target = tmp.resolve("status.json");
        Files.createSymbolicLink(tmp.resolve("status.json.tmp"), victim);

        PrivateFiles.writeAtomically(target, "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(Files.readString(target)).isEqualTo("{}");
        assertThat(Files.isSymbolicLink(target)).isFalse();
        assertThat(Files.exists(tmp.resolve("status.json.tmp"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
    }

    @Test
    void createIfAbsentNeverReplacesNorFollows() throws Exception {
        Path file = tmp.resolve("db.password");
        assertThat(PrivateFiles.createIfAbsent(file, "one")).isTrue();
        assertThat(PrivateFiles.createIfAbsent(file, "two")).isFalse();
        assertThat(Files.readString(file)).isEqualTo("one");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        Path victim = Files.writeString(tmp.resolve("victim"), "precious");
        Path link = tmp.resolve("link");
        Files.createSymbolicLink(link, victim);
        assertThat(PrivateFiles.createIfAbsent(link, "evil")).isFalse();
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThatThrownBy(() -> PrivateFiles.readPrivate(link, "password file", 100)).isInstanceOf(java.io.IOException.class);
    }
}
