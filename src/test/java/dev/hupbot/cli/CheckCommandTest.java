package dev.hupbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
    private static final String TOKEN = "tok-stickyman-0123456789";
    private static final String API_KEY = "sk-or-v1-abcdef0123456789";
    private static final Map<String, String> ENV = Map.of(
            "TWITCH_TOKEN_STICKYMAN", TOKEN,
            "TWITCH_TOKEN_CHAT_WARDEN", "tok-warden-9876543210",
            "OPENROUTER_API_KEY", API_KEY);

    private static final String VALID = """
            [defaults]
            channels = ["mychannel"]
            [defaults.ai]
            api_key = "${OPENROUTER_API_KEY}"
            [[bots]]
            name = "stickyman"
            token = "${TWITCH_TOKEN_STICKYMAN}"
            channels = ["mychannel", "#otherchannel"]
            [bots.ai]
            temperature = 0.9
            [bots.commands.hello]
            response = "Hello {user}!"
            [[bots.timers]]
            message = "Follow!"
            interval_seconds = 900
            [[bots]]
            name = "chat_warden"
            token = "${TWITCH_TOKEN_CHAT_WARDEN}"
            role = "moderator"
            enabled = false
            """;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path file;

    @BeforeEach
    void setUp() {
        file = dir.resolve("bots.toml");
    }

    private int check(Map<String, String> env, String... args) {
        return Main.commandLine(() -> env)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    private void write(String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /** Output with the temporary directory removed, so it reads as if run next to the file. */
    private String relative(StringWriter writer) {
        return writer.toString().replace(dir + "/", "");
    }

    @Test
    void aValidFilePrintsASummaryAndATableAndExitsZero() throws IOException {
        write(VALID);
        assertThat(check(ENV, "check", file.toString())).isEqualTo(0);
        assertThat(relative(out)).isEqualTo("""
                bots.toml: OK (2 bots, 1 enabled, 2 channels)

                  BOT          ROLE       ENABLED  CHANNELS                MODEL                   TEMP  COMMANDS  TIMERS  AI
                  stickyman    chatter    yes      mychannel,otherchannel  deepseek/deepseek-chat  0.9   1         1       commands only (no system_prompt)
                  chat_warden  moderator  no       mychannel               deepseek/deepseek-chat  0.7   0         0       commands only (no system_prompt)
                """);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void quietPrintsOnlyTheSummary() throws IOException {
        write(VALID);
        assertThat(check(ENV, "check", "--quiet", file.toString())).isEqualTo(0);
        assertThat(relative(out)).isEqualTo("bots.toml: OK (2 bots, 1 enabled, 2 channels)\n");
    }

    @Test
    void fileDefaultsToTheConfigOption() throws IOException {
        write(VALID);
        assertThat(check(ENV, "check", "-q", "--config", file.toString())).isEqualTo(0);
        assertThat(relative(out)).isEqualTo("bots.toml: OK (2 bots, 1 enabled, 2 channels)\n");
    }

    @Test
    void warningsGoToStderrAndKeepTheExitStatusZero() throws IOException {
        write(VALID.replace("\"${TWITCH_TOKEN_STICKYMAN}\"", "\"" + TOKEN + "\""));
        assertThat(check(ENV, "check", "-q", file.toString())).isEqualTo(0);
        assertThat(relative(err)).isEqualTo("bots.toml:7:1: warning: bots[stickyman].token: literal token in the file;"
                + " move it to an environment variable: token = \"${TWITCH_TOKEN_STICKYMAN}\"\n");
        assertThat(relative(out)).isEqualTo("bots.toml: OK (2 bots, 1 enabled, 2 channels, 1 warning)\n");
    }

    @Test
    void anInvalidFilePrintsEveryProblemAndExitsTwo() throws IOException {
        write(VALID.replace("temperature = 0.9", "temperature = \"hot\"").replace("enabled = false", "enabled = \"no\""));
        assertThat(check(ENV, "check", file.toString())).isEqualTo(2);
        assertThat(relative(err)).isEqualTo("""
                bots.toml:10:1: error: bots[stickyman].ai.temperature: expected a number between 0.0 and 2.0, got string "hot"; write a number without quotes, e.g. temperature = 1.0
                bots.toml:20:1: error: bots[chat_warden].enabled: expected true or false, got string "no"; write true or false without quotes
                bots.toml: INVALID (2 errors)
                """);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aMissingFileIsInvalidNotACrash() {
        assertThat(check(ENV, "check", dir.resolve("nope.toml").toString())).isEqualTo(2);
        assertThat(relative(err)).isEqualTo("""
                nope.toml:1:1: error: no such file; check the path, or pass --config FILE (or set HUPBOT_CONFIG)
                nope.toml: INVALID (1 error)
                """);
    }

    @Test
    void theEnvironmentComesFromTheCommandLineNotTheProcess() throws IOException {
        write(VALID);
        assertThat(check(Map.of(), "check", "-q", file.toString())).isEqualTo(2);
        assertThat(relative(err)).contains(
                "bots.toml:4:1: error: defaults.ai.api_key: environment variable OPENROUTER_API_KEY is not set;"
                        + " export it or add it to the .env file");
    }

    @Test
    void secretsAppearNowhereInTheOutput() throws IOException {
        write(VALID.replace("\"${TWITCH_TOKEN_STICKYMAN}\"", "\"" + TOKEN + "\"").replace("temperature = 0.9", "temperature = 9"));
        check(ENV, "check", file.toString());
        write(VALID);
        check(ENV, "check", file.toString());
        Map<String, String> badToken = Map.of(
                "TWITCH_TOKEN_STICKYMAN", TOKEN + " ", "TWITCH_TOKEN_CHAT_WARDEN", "x", "OPENROUTER_API_KEY", API_KEY);
        check(badToken, "check", file.toString());
        assertThat(out.toString() + err).contains("stickyman").doesNotContain(TOKEN).doesNotContain(API_KEY);
    }

    @Test
    void aCommandLineBuiltWithoutMainsFactoryStillWorks() throws IOException {
        write(VALID.replace("${OPENROUTER_API_KEY}", "").replace("${TWITCH_TOKEN_STICKYMAN}", "t1").replace("${TWITCH_TOKEN_CHAT_WARDEN}", "t2"));
        // Main registers its subcommands itself (only the one that runs): picocli's own factory
        // builds a subcommand on its own, through its no-argument constructor.
        int status = new picocli.CommandLine(CheckCommand.class)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute("-q", file.toString());
        assertThat(status).isEqualTo(0);
        assertThat(relative(out)).isEqualTo("bots.toml: OK (2 bots, 1 enabled, 2 channels, 2 warnings)\n");
    }

    @Test
    void theAiColumnSaysWhichBotsArePersonasAndWhyTheOthersAnswerOnlyCommands() throws IOException {
        write("""
                [defaults]
                channels = ["mychannel"]
                [defaults.ai]
                api_key = "${OPENROUTER_API_KEY}"
                system_prompt = "You are a bot."
                [[bots]]
                name = "persona"
                token = "${TWITCH_TOKEN_STICKYMAN}"
                [[bots]]
                name = "no_prompt"
                token = "${TWITCH_TOKEN_STICKYMAN}"
                [bots.ai]
                system_prompt = ""
                [[bots]]
                name = "placeholder"
                token = "${TWITCH_TOKEN_STICKYMAN}"
                [bots.ai]
                api_key = "${PLACEHOLDER_KEY}"
                [[bots]]
                name = "no_key"
                token = "${TWITCH_TOKEN_STICKYMAN}"
                [bots.ai]
                api_key = ""
                """);
        Map<String, String> env = new java.util.HashMap<>(ENV);
        env.put("PLACEHOLDER_KEY", "sk-or-v1-replace-me");
        assertThat(check(env, "check", file.toString())).isEqualTo(0);
        Map<String, String> rows = new java.util.LinkedHashMap<>();
        relative(out).lines().skip(3).forEach(l -> rows.put(l.strip().split(" +")[0], l));
        assertThat(rows.keySet()).containsExactly("persona", "no_prompt", "placeholder", "no_key");
        assertThat(rows.get("persona")).endsWith("  persona");
        assertThat(rows.get("no_prompt")).endsWith("  commands only (no system_prompt)");
        assertThat(rows.get("placeholder")).endsWith("  commands only (ai.api_key is the example's placeholder)");
        assertThat(rows.get("no_key")).endsWith("  commands only (no ai.api_key)");
        assertThat(relative(err)).isEqualTo("bots.toml:18:1: warning: bots[placeholder].ai.api_key: PLACEHOLDER_KEY is"
                + " still the example's placeholder; set your real API key in the env file\n");
    }

    /** The example crew with config/.env.example's values, as a new user's first {@code check} shows it. */
    @Test
    void snapshotOfTheExampleWithTheEnvExample() throws IOException {
        write(Files.readString(Path.of("config", "bots.toml")));
        assertThat(check(envExample(), "check", file.toString())).isEqualTo(0);
        String actual = relative(out) + "--- stderr\n" + relative(err);
        if (Boolean.getBoolean("hupbot.updateSnapshots")) {
            Files.writeString(Path.of("src/test/resources/snapshots/check-example.txt"), actual);
        }
        assertThat(actual).isEqualTo(resource("snapshots/check-example.txt"));
    }

    /** The human output for a file with several mistakes, compared with the stored snapshot exactly. */
    @Test
    void snapshotOfABrokenFile() throws IOException {
        write(resource("snapshots/check-broken.toml"));
        assertThat(check(ENV, "check", file.toString())).isEqualTo(2);
        String actual = relative(err);
        if (Boolean.getBoolean("hupbot.updateSnapshots")) {
            Files.writeString(Path.of("src/test/resources/snapshots/check-broken.stderr.txt"), actual);
        }
        assertThat(actual).isEqualTo(resource("snapshots/check-broken.stderr.txt"));
        assertThat(out.toString()).isEmpty();
    }

    /** The variables of config/.env.example with their placeholder values, as a copied .env holds them. */
    private static Map<String, String> envExample() throws IOException {
        Map<String, String> env = new java.util.HashMap<>();
        for (String line : Files.readAllLines(Path.of("config", ".env.example"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return env;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = CheckCommandTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
