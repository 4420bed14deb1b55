package dev.hupbot.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFileTest {
    @TempDir Path dir;

    private static Map<String, String> values(String text) {
        EnvFile.Parsed parsed = EnvFile.parse(".env", text);
        assertThat(parsed.problems()).isEmpty();
        return parsed.values();
    }

    private static List<String> problems(String text) {
        return EnvFile.parse(".env", text).problems().stream().map(Problem::format).toList();
    }

    @Test
    void plainQuotedExportedCommentedAndBlankLines() {
        assertThat(values("""
                # a comment
                   # an indented comment

                PLAIN=abc
                SPACED = padded value  \s
                export EXPORTED=yes
                SINGLE='it''s'
                LITERAL='no ${expansion} \\n here'
                DOUBLE="a \\"quoted\\" \\\\ \\n \\$ b"
                HASHED=a#b
                COMMENTED=value # trailing comment
                QUOTED_COMMENT="x" # after the quote
                EMPTY=
                EMPTY_QUOTES=""
                WINDOWS=crlf\r
                """.replace("SINGLE='it''s'", "SINGLE='its'"))).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("PLAIN", "abc"),
                Map.entry("SPACED", "padded value"),
                Map.entry("EXPORTED", "yes"),
                Map.entry("SINGLE", "its"),
                Map.entry("LITERAL", "no ${expansion} \\n here"),
                Map.entry("DOUBLE", "a \"quoted\" \\ \n $ b"),
                Map.entry("HASHED", "a#b"),
                Map.entry("COMMENTED", "value"),
                Map.entry("QUOTED_COMMENT", "x"),
                Map.entry("EMPTY", ""),
                Map.entry("EMPTY_QUOTES", ""),
                Map.entry("WINDOWS", "crlf")));
    }

    @Test
    void aByteOrderMarkIsIgnored() {
        assertThat(values("\uFEFFA=1\n")).containsExactly(Map.entry("A", "1"));
    }

    @Test
    void badLinesArePositionedWithTheFix() {
        assertThat(problems("""
                OK=1
                JUST_A_NAME
                  9LIVES=cat
                OPEN="never closed
                AFTER='x' y
                ESCAPE="\\q"
                OK=2
                """)).containsExactly(
                ".env:2:1: error: expected NAME=value; a bare NAME (taken from the environment by compose) is not"
                        + " supported, write NAME=value or delete the line",
                ".env:3:3: error: invalid variable name before '='; use letters, digits and _ (not starting with a digit),"
                        + " e.g. TWITCH_TOKEN_STICKYMAN=...",
                ".env:4:6: error: unterminated double quote; close it with \" on the same line (values spanning lines"
                        + " are not supported)",
                ".env:5:11: error: unexpected text after the closing quote; put a space and # before a comment, or move"
                        + " the text inside the quotes",
                ".env:6:9: error: unknown escape \\q in a double-quoted value; write \\\\ for a backslash, or put the"
                        + " value in single quotes to take it literally",
                ".env:7:1: error: OK is set twice (first on line 1); keep one of the lines");
    }

    @Test
    void problemsNeverCarryAValueAndAParsedFilePrintsNone() {
        EnvFile.Parsed bad = EnvFile.parse(".env", "TOKEN=\"s3cr3t-value\\z\"\nX='s3cr3t-value\n");
        assertThat(bad.problems()).hasSize(2);
        assertThat(bad.problems().toString()).doesNotContain("s3cr3t");
        EnvFile.Parsed good = EnvFile.parse(".env", "TOKEN=s3cr3t-value\n");
        assertThat(good.toString()).doesNotContain("s3cr3t");
        assertThat(Variables.of(good.values()).toString()).doesNotContain("s3cr3t");
    }

    @Test
    void tooManyLinesAreRefused() {
        assertThat(problems("A=1\n".repeat(EnvFile.MAX_LINES + 1))).containsExactly(".env:1:1: error: env file has 10002"
                + " lines, over the limit of 10000; is it the right file? An env file holds one NAME=value per line");
    }

    @Test
    void theEnvFileComesBeforeTheProcessEnvironmentAndIsReadAgainEachTime() throws IOException {
        Path env = dir.resolve(".env");
        Files.writeString(env, "A=from-file\n");
        EnvSource source = EnvSource.of(null, dir.resolve("bots.toml"), Map.of("A", "from-process", "B", "process-only"));
        assertThat(source.file()).contains(env);
        Variables first = source.read().variables();
        assertThat(first.values()).containsEntry("A", "from-file").containsEntry("B", "process-only");
        Files.writeString(env, "A=changed\n");
        Variables second = source.read().variables();
        assertThat(second.values()).containsEntry("A", "changed");
        assertThat(second.fingerprint()).isNotEqualTo(first.fingerprint());
        Files.writeString(env, "# same values\nA=changed\n");
        assertThat(source.read().variables().fingerprint()).isEqualTo(second.fingerprint());
    }

    @Test
    void aMissingDefaultEnvFileIsNoProblemUntilItWasOnceRead() throws IOException {
        Path env = dir.resolve(".env");
        EnvSource source = EnvSource.of(null, dir.resolve("bots.toml"), Map.of("A", "1"));
        assertThat(source.read().variables().values()).containsEntry("A", "1");
        Files.writeString(env, "B=2\n");
        assertThat(source.read().variables().values()).containsEntry("B", "2");
        Files.delete(env);
        assertThat(source.read().problems()).extracting(Problem::format).containsExactly(env + ":1:1: error: env file is"
                + " gone (it was read before); restore it — hupbot keeps running with the values it has");
    }

    @Test
    void aGivenEnvFileMustExistAndBeAFile() throws IOException {
        Path env = dir.resolve("secrets.env");
        EnvSource source = EnvSource.of(env, dir.resolve("bots.toml"), Map.of());
        assertThat(source.read().problems()).extracting(Problem::format).containsExactly(env + ":1:1: error: env file not"
                + " found; check --env-file (or HUPBOT_ENV_FILE), or create it: cp config/.env.example " + env);
        Files.createDirectory(env);
        assertThat(source.read().problems()).extracting(Problem::format).containsExactly(env + ":1:1: error: env file is"
                + " a directory, not a file; point --env-file (or HUPBOT_ENV_FILE) at the file holding NAME=value lines");
    }

    @Test
    void anEnvFileOthersMayReadIsWarnedAbout() throws IOException {
        Path env = dir.resolve(".env");
        Files.writeString(env, "A=1\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-r--r--"));
        EnvSource source = EnvSource.of(null, dir.resolve("bots.toml"), Map.of());
        assertThat(source.permissionWarning()).map(Problem::format).contains(env + ":1:1: warning: env file is readable"
                + " by group or others (mode 0644); it holds the bots' tokens and keys — run chmod 600 " + env);
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-------"));
        assertThat(source.permissionWarning()).isEmpty();
    }
}
