package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hupbot check} as a user runs it: the packaged jar, a real process, its exit status and streams. */
class CheckIT {
    private static final Path JAR = Path.of(System.getProperty("hupbot.jar", "target/hupbot.jar"));

    @TempDir
    Path dir;

    record Run(int status, String out, String err) {}

    private Run check(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(), "check"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("TWITCH_") || k.startsWith("OPENROUTER_") || k.startsWith("HUPBOT_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("check finished").isTrue();
        Run run = new Run(process.exitValue(),
                Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
        dev.hupbot.it.support.SecretWatch.program("hupbot check", env, null, () -> List.of(run.out(), run.err()));
        return run;
    }

    private static Map<String, String> envExample() throws IOException {
        Map<String, String> env = new java.util.HashMap<>();
        for (String line : Files.readAllLines(Path.of("config", ".env.example"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return env;
    }

    @Test
    void theExampleConfigIsValid() throws Exception {
        Map<String, String> filledIn = new java.util.HashMap<>();
        envExample().forEach((name, value) -> filledIn.put(name,
                value.replace("replace-me", "0123456789abcdef").replace("replace-with-", "filled-in-")));
        Run run = check(filledIn, "-q", Path.of("config", "bots.toml").toString());
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("config/bots.toml: OK (4 bots, 4 enabled, 1 channel)\n");
        assertThat(run.status()).isZero();
    }

    /** A .env copied from the example and not filled in: still valid, one warning per placeholder, no persona. */
    @Test
    void theEnvExampleAsCopiedIsOneWarningPerPlaceholder() throws Exception {
        Run run = check(envExample(), Path.of("config", "bots.toml").toString());
        assertThat(run.status()).isZero();
        assertThat(run.err().lines()).hasSize(5).allMatch(l -> l.contains(" is still the example's placeholder; set your real "));
        assertThat(run.err()).startsWith("config/bots.toml:23:1: warning: defaults.ai.api_key: OPENROUTER_API_KEY");
        assertThat(run.out()).startsWith("config/bots.toml: OK (4 bots, 4 enabled, 1 channel, 5 warnings)\n")
                .contains("commands only (ai.api_key is the example's placeholder)");
    }

    @Test
    void aBrokenFileExitsTwoWithProblemsOnStderrAndNoSecrets() throws Exception {
        Path file = dir.resolve("bots.toml");
        Files.writeString(file, """
                [[bots]]
                name = "stickyman"
                token = "${TWITCH_TOKEN_STICKYMAN}"
                channels = ["mychannel"]
                [bots.ai]
                temperature = "hot"
                """);
        Map<String, String> env = Map.of("TWITCH_TOKEN_STICKYMAN", "tok-it-secret-0123456789 ");
        Run run = check(env, file.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(
                file + ":3:1: error: bots[stickyman].token: contains whitespace (a stray space or line break?); remove it\n"
                        + file + ":6:1: error: bots[stickyman].ai.temperature: expected a number between 0.0 and 2.0, got string \"hot\"; write a number without quotes, e.g. temperature = 1.0\n"
                        + file + ": INVALID (2 errors)\n");
    }

    @Test
    void withoutAFileArgumentTheConfigVariableNamesTheFile() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(envExample());
        env.put("HUPBOT_CONFIG", dir.resolve("missing.toml").toString());
        Run run = check(env);
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith(dir.resolve("missing.toml") + ":1:1: error: no such file;");
    }

    @Test
    void aSecretVariableInChatTextIsAnErrorWithTheFix() throws Exception {
        Path file = dir.resolve("bots.toml");
        Files.writeString(file, """
                [[bots]]
                name = "stickyman"
                token = "${TWITCH_TOKEN_STICKYMAN}"
                channels = ["mychannel"]
                intro_message = "pw=${HUPBOT_H2_CONSOLE_PASSWORD} tok=${TWITCH_TOKEN_X} home=${HOME}"
                """);
        Map<String, String> env = Map.of("TWITCH_TOKEN_STICKYMAN", "tok-it-secret-0123456789",
                "HUPBOT_H2_CONSOLE_PASSWORD", "console-pw-it-0123", "TWITCH_TOKEN_X", "tok-x-it-secret-98765");
        Run run = check(env, file.toString());
        String fix = " and may only be used in token, refresh_token or api_key, not in a field that reaches chat, a log"
                + " or a URL; move the secret into api_key/token, or rename the variable if it is not a secret\n";
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(
                file + ":5:1: error: bots[stickyman].intro_message: ${HUPBOT_H2_CONSOLE_PASSWORD} is named like a secret"
                        + " (it contains PASSWORD)" + fix
                        + file + ":5:1: error: bots[stickyman].intro_message: ${TWITCH_TOKEN_X} is named like a secret"
                        + " (it contains TOKEN)" + fix
                        + file + ": INVALID (2 errors)\n");
    }

    @Test
    void theEnvFileNextToTheConfigIsUsedAndAWorldReadableOneIsWarnedAbout() throws Exception {
        Path file = dir.resolve("bots.toml");
        Files.writeString(file, """
                [[bots]]
                name = "stickyman"
                token = "${TWITCH_TOKEN_STICKYMAN}"
                channels = ["mychannel"]
                """);
        Path envFile = dir.resolve(".env");
        Files.writeString(envFile, "# nothing exported: the token comes from here\nTWITCH_TOKEN_STICKYMAN='tok-from-env-file-0123'\n");
        dev.hupbot.it.support.SecretWatch.secret("tok-from-env-file-0123");
        Files.setPosixFilePermissions(envFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Run run = check(Map.of(), "-q", "--config", file.toString());
        assertThat(run.err()).isEqualTo(envFile + ":1:1: warning: env file is readable by group or others (mode 0644);"
                + " it holds the bots' tokens and keys — run chmod 600 " + envFile + "\n");
        assertThat(run.out()).isEqualTo(file + ": OK (1 bot, 1 enabled, 1 channel, 1 warning)\n");
        assertThat(run.status()).isZero();

        Files.setPosixFilePermissions(envFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Run quiet = check(Map.of(), "-q", "--config", file.toString());
        assertThat(quiet.err()).isEmpty();
        assertThat(quiet.status()).isZero();
    }
}
