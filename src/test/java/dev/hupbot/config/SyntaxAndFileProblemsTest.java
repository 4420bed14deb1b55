package dev.hupbot.config;

import static dev.hupbot.config.Loading.STICKYMAN;
import static dev.hupbot.config.Loading.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntaxAndFileProblemsTest {
    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(Loading.ENV);

    private static List<String> formatted(LoadResult result) {
        return result.problems().stream().map(Problem::format).toList();
    }

    @Test
    void tomlSyntaxErrorCarriesTomljPosition() {
        assertThat(problems("""
                [[bots]]
                name = "stickyman
                """)).containsExactly("bots.toml:2:18: error: invalid TOML: Unexpected end of line, expected \" or a character");
    }

    @Test
    void everySyntaxErrorIsReportedNotJustTheFirst() {
        assertThat(problems("""
                [[bots]]
                name = stickyman
                token = "a"
                token = "b"
                """)).containsExactly(
                "bots.toml:2:8: error: invalid TOML: Unexpected 's', expected ', \", ''', \"\"\", a number, a boolean, a date/time, an array, or a table",
                "bots.toml:4:1: error: invalid TOML: token previously defined at line 3, column 1");
    }

    @Test
    void aMangledFileListsFiftySyntaxErrorsAndCountsTheRest() {
        List<String> problems = problems("x = @\n".repeat(500));
        assertThat(problems).hasSize(ConfigLoader.MAX_SYNTAX_ERRORS + 1);
        assertThat(problems.get(0)).startsWith("bots.toml:1:5: error: invalid TOML: ");
        assertThat(problems.get(ConfigLoader.MAX_SYNTAX_ERRORS))
                .isEqualTo("bots.toml:51:5: error: invalid TOML: 450 more syntax errors; fix the ones above and check again");
    }

    @Test
    void aFileWithSyntaxErrorsHasNoConfigButKeepsItsText() {
        LoadResult result = Loading.load("[[bots]\n");
        assertThat(result.valid()).isFalse();
        assertThat(result.config()).isNull();
        assertThat(result.text()).isEqualTo("[[bots]\n");
    }

    @Test
    void contentOverOneMebibyteIsRefusedWithSizeAndLimit() {
        byte[] big = new byte[(int) ConfigLoader.MAX_FILE_BYTES + 1];
        Arrays.fill(big, (byte) '#');
        assertThat(formatted(loader.parse("bots.toml", big))).containsExactly(
                "bots.toml:1:1: error: file is 1,048,577 bytes, over the limit of 1,048,576 bytes (1 MiB);"
                        + " is it the right file? A bots.toml is normally a few kilobytes");
    }

    @Test
    void aFileOverTheLimitIsRefusedBeforeParsing() throws IOException {
        Path file = dir.resolve("bots.toml");
        byte[] big = new byte[(int) ConfigLoader.MAX_FILE_BYTES * 2];
        Arrays.fill(big, (byte) '#');
        Files.write(file, big);
        assertThat(formatted(loader.load(file))).containsExactly(
                file + ":1:1: error: file is 2,097,152 bytes, over the limit of 1,048,576 bytes (1 MiB);"
                        + " is it the right file? A bots.toml is normally a few kilobytes");
    }

    @Test
    void exactlyOneMebibyteIsAccepted() {
        byte[] content = new byte[(int) ConfigLoader.MAX_FILE_BYTES];
        byte[] bot = STICKYMAN.getBytes(StandardCharsets.UTF_8);
        Arrays.fill(content, (byte) '\n');
        System.arraycopy(bot, 0, content, 0, bot.length);
        assertThat(loader.parse("bots.toml", content).valid()).isTrue();
    }

    @Test
    void invalidUtf8NamesLineAndColumnOfTheFirstBadByte() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("[[bots]]\nname = \"stické".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xFF);
        bytes.writeBytes("man\"\n".getBytes(StandardCharsets.UTF_8));
        // "name = "stické" is 14 characters (é is one, though two bytes): the bad byte is column 15
        assertThat(formatted(loader.parse("bots.toml", bytes.toByteArray())))
                .containsExactly("bots.toml:2:15: error: not valid UTF-8 (byte 0xFF); save the file as UTF-8");
    }

    @Test
    void aTruncatedMultiByteCharacterAtTheEndIsReported() {
        byte[] content = {'a', ' ', '=', ' ', '"', (byte) 0xC3};
        assertThat(formatted(loader.parse("bots.toml", content)))
                .containsExactly("bots.toml:1:6: error: not valid UTF-8 (byte 0xC3); save the file as UTF-8");
    }

    @Test
    void aByteOrderMarkIsIgnoredButKeptInTheText() {
        LoadResult result = Loading.load("\uFEFF" + STICKYMAN);
        assertThat(result.problems()).isEmpty();
        assertThat(result.text()).startsWith("\uFEFF[[bots]]");
    }

    @Test
    void missingFileIsAProblemOfTheWholeFile() {
        Path file = dir.resolve("nope.toml");
        LoadResult result = loader.load(file);
        assertThat(formatted(result)).containsExactly(
                file + ":1:1: error: no such file; check the path, or pass --config FILE (or set HUPBOT_CONFIG)");
        assertThat(result.config()).isNull();
        assertThat(result.text()).isEmpty();
    }

    @Test
    void directoryIsAProblemOfTheWholeFile() {
        assertThat(formatted(loader.load(dir))).containsExactly(
                dir + ":1:1: error: is a directory, not a file; point --config at the bots.toml file");
    }

    @Test
    void aFifoIsRefusedWithoutReadingIt() throws Exception {
        // Reading a FIFO would block until a writer appears: the loader must not even open it.
        Path file = dir.resolve("bots.toml");
        Process mkfifo = new ProcessBuilder("mkfifo", file.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        assertThat(formatted(loader.load(file))).containsExactly(
                file + ":1:1: error: not a regular file (a FIFO, socket or device); point --config at a plain file");
    }

    @Test
    void fileWritableByGroupOrOthersIsAWarningThatKeepsItValid() throws IOException {
        Path file = dir.resolve("bots.toml");
        Files.writeString(file, STICKYMAN);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        LoadResult result = loader.load(file);
        assertThat(formatted(result)).containsExactly(
                file + ":1:1: warning: file is writable by group or others (mode 0664); anyone who can write it"
                        + " speaks through the bots — run chmod go-w " + file);
        assertThat(result.valid()).isTrue();
    }

    @Test
    void privateFileGetsNoPermissionWarning() throws IOException {
        Path file = dir.resolve("bots.toml");
        Files.writeString(file, STICKYMAN);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        LoadResult result = loader.load(file);
        assertThat(result.problems()).isEmpty();
        assertThat(result.text()).isEqualTo(STICKYMAN);
    }

    @Test
    void parseDoesNotCheckPermissions() {
        assertThat(Loading.load(STICKYMAN).problems()).isEmpty();
    }
}
