package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hupbot.audit.Outcome;
import dev.hupbot.it.support.AuditRows;
import dev.hupbot.it.support.ConfigFiles;
import dev.hupbot.it.support.Badges;
import dev.hupbot.it.support.FakeHelixServer;
import dev.hupbot.it.support.FakeLlmServer;
import dev.hupbot.it.support.FakeLlmServer.Reply;
import dev.hupbot.it.support.FakeLlmServer.Request;
import dev.hupbot.it.support.FakeTwitchServer;
import dev.hupbot.it.support.FakeTwitchServer.ChatLine;
import dev.hupbot.it.support.HupbotProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AI personas and the moderator in the real process, against fake Twitch, LLM and Helix servers,
 * reloaded by real SIGHUPs.
 */
class AiPersonasIT {
    static final Duration WAIT = Duration.ofSeconds(40);
    static final String API_KEY = "sk-test-s3cr3t-api-key";

    @TempDir Path dir;
    FakeTwitchServer twitch;
    FakeLlmServer llm;
    FakeHelixServer helix;
    Path config;
    Path data;
    HupbotProcess hupbot;
    final Map<String, String> env = new HashMap<>();

    /** Persona settings a test varies; everything else is fixed. */
    record Persona(String name, String model, String prompt, String temperature, double replyChance, String extra) {}

    String crew(List<Persona> personas, String moderation) {
        StringBuilder toml = new StringBuilder("""
                [defaults]
                channels = ["mychannel"]
                min_delay_ms = 0
                max_delay_ms = 0

                [defaults.ai]
                base_url = "%s"
                api_key = "${LLM_API_KEY}"
                """.formatted(llm.baseUrl()));
        for (Persona p : personas) {
            toml.append("""

                    [[bots]]
                    name = "%s"
                    token = "${TOKEN_%s}"
                    reply_chance = %s
                    %s
                    [bots.ai]
                    model = "%s"
                    system_prompt = "%s"
                    temperature = %s
                    """.formatted(p.name(), p.name().toUpperCase(Locale.ROOT), p.replyChance(), p.extra(), p.model(),
                    p.prompt(), p.temperature()));
        }
        toml.append(moderation);
        return toml.toString();
    }

    String moderator(boolean dryRun) {
        return """

                [[bots]]
                name = "warden"
                token = "${TOKEN_WARDEN}"
                role = "moderator"
                [bots.ai]
                model = "mod-model"
                [bots.moderation]
                rules = ["no spam"]
                check_interval_seconds = 1
                max_timeout_seconds = 60
                exempt_roles = ["moderator", "broadcaster"]
                dry_run = %s
                """.formatted(dryRun);
    }

    static Persona sticky(String prompt, String temperature) {
        return new Persona("sticky", "sticky-model", prompt, temperature, 0.0, "");
    }

    static Persona pebble() {
        return new Persona("pebble", "pebble-model", "You are Pebble, a calm rock.", "0.5", 0.0, "");
    }

    @BeforeEach
    void servers() {
        twitch = FakeTwitchServer.start();
        llm = FakeLlmServer.start();
        helix = FakeHelixServer.start();
        env.put("LLM_API_KEY", API_KEY);
        for (String name : List.of("sticky", "pebble", "warden")) {
            String token = twitch.token(name);
            env.put("TOKEN_" + name.toUpperCase(Locale.ROOT), token);
            helix.account(token, FakeTwitchServer.CLIENT_ID, name, twitch.userId(name));
        }
        config = dir.resolve("bots.toml");
        data = dir.resolve("data");
    }

    void startWith(String text, String... waitFor) throws IOException {
        write(text);
        hupbot = HupbotProcess.start(config, data, env, "--chat", "twitch", "--twitch-irc-url", twitch.ircUrl(),
                "--twitch-auth-url", twitch.authUrl(), "--twitch-helix-url", helix.helixUrl(),
                "--twitch-rate-limits", "UNLIMITED");
        await().atMost(WAIT).untilAsserted(() -> {
            for (String name : waitFor) {
                assertThat(twitch.channelsOf(name)).containsExactly("mychannel");
            }
        });
    }

    @AfterEach
    void stop() {
        if (hupbot != null) {
            hupbot.close();
            List<String> output = new ArrayList<>(hupbot.stderr());
            output.addAll(hupbot.stdout());
            assertThat(output).noneMatch(l -> l.contains(API_KEY) || l.contains("s3cr3t"));
            for (String token : List.of(env.get("TOKEN_STICKY"), env.get("TOKEN_PEBBLE"), env.get("TOKEN_WARDEN"))) {
                assertThat(output).noneMatch(l -> l.contains(token));
            }
        }
        twitch.close();
        llm.close();
        helix.close();
    }

    void write(String text) {
        ConfigFiles.save(config, text);
    }

    Outcome reload(String text) throws IOException {
        long before = AuditRows.latestId(data);
        write(text);
        hupbot.signal("HUP");
        return AuditRows.awaitAfter(data, before, WAIT).outcome();
    }

    List<String> saidBy(String bot) {
        return twitch.messagesFrom(bot).stream().map(ChatLine::text).toList();
    }

    @Test
    void aChangedPromptAndTemperatureReachTheNextRequestWithoutAReconnect() throws IOException {
        llm.answer("sticky-model", "hello there");
        startWith(crew(List.of(sticky("You are Stickyman, a stick figure.", "0.9"), pebble()), ""), "sticky", "pebble");

        twitch.inject("mychannel", "viewer1", "hey @sticky how are you?");
        await().atMost(WAIT).until(() -> saidBy("sticky").contains("hello there"));
        Request first = llm.requests("sticky-model").get(0);
        assertThat(first.system()).startsWith("You are Stickyman, a stick figure.");
        assertThat(first.temperature()).isEqualTo(0.9);
        assertThat(first.chat()).last().isEqualTo(new FakeLlmServer.Turn("user", "viewer1: hey @sticky how are you?"));
        assertThat(first.authorization()).isEqualTo("Bearer " + API_KEY);
        int connections = twitch.connections("sticky");

        assertThat(reload(crew(List.of(sticky("You are Stickyman, now a pirate.", "0"), pebble()), "")))
                .isEqualTo(Outcome.APPLIED);
        // another viewer: viewer1 is within its ai.user_cooldown_seconds (default 10)
        twitch.inject("mychannel", "viewer2", "@sticky again?");
        await().atMost(WAIT).until(() -> llm.requests("sticky-model").size() == 2);
        Request second = llm.requests("sticky-model").get(1);
        assertThat(second.system()).startsWith("You are Stickyman, now a pirate.");
        // temperature 0 is sent as 0, never replaced by a default
        assertThat(second.temperature()).isEqualTo(0.0);
        // the bot's own earlier line comes back as the assistant's
        assertThat(second.chat()).contains(new FakeLlmServer.Turn("assistant", "hello there"));
        assertThat(twitch.connections("sticky")).isEqualTo(connections);
        // a mention is answered by the named bot only
        assertThat(llm.requests("pebble-model")).isEmpty();
        System.out.println("request before the prompt reload: " + first.body());
        System.out.println("request after the prompt reload: " + second.body());
    }

    @Test
    void theFirstFallbackModelAnswersWhenThePrimaryFails() throws IOException {
        llm.script("sticky-model", Reply.status(500), Reply.status(500), Reply.status(500));
        llm.answer("backup-model", "from the backup");
        Persona withFallback = new Persona("sticky", "sticky-model", "You are Stickyman.", "0.7", 0.0,
                "");
        String text = crew(List.of(withFallback), "").replace("temperature = 0.7",
                "temperature = 0.7\nfallback_models = [\"backup-model\", \"never-model\"]");
        startWith(text, "sticky");

        twitch.inject("mychannel", "viewer1", "@sticky hi");
        await().atMost(WAIT).until(() -> saidBy("sticky").contains("from the backup"));
        assertThat(llm.requests("sticky-model")).isNotEmpty();
        assertThat(llm.requests("backup-model")).hasSize(1);
        assertThat(llm.requests("never-model")).isEmpty();
    }

    @Test
    void aLineNamingNoBotGetsAtMostOneAnswerAndBotsDoNotAnswerBots() throws IOException {
        llm.answer("sticky-model", "sticky speaks");
        llm.answer("pebble-model", "pebble speaks");
        Persona eager = new Persona("sticky", "sticky-model", "You are Stickyman.", "0.7", 1.0, "");
        Persona eagerToo = new Persona("pebble", "pebble-model", "You are Pebble.", "0.7", 1.0, "");
        startWith(crew(List.of(eager, eagerToo), ""), "sticky", "pebble");

        for (int i = 1; i <= 5; i++) {
            // one viewer each: one viewer's lines start one AI request per bot per ai.user_cooldown_seconds
            twitch.inject("mychannel", "viewer" + i, "what a nice day " + i);
        }
        await().atMost(WAIT).until(() -> saidBy("sticky").size() + saidBy("pebble").size() >= 5);
        // Both would answer everything (reply_chance 1), yet each line gets one answer, and a
        // bot's line that names no one is not answered by the other bot: hold for two seconds.
        await().during(Duration.ofSeconds(2)).atMost(WAIT)
                .until(() -> saidBy("sticky").size() + saidBy("pebble").size() == 5);
        assertThat(llm.requests().size()).isEqualTo(5);
    }

    @Test
    void theModeratorTimesOutASpammerButNotAModeratorCappedAtTheMaximum() throws IOException {
        llm.answer("mod-model", "{\"violations\":[{\"user\":\"spammer\",\"reason\":\"spam\",\"duration\":600},"
                + "{\"user\":\"modfriend\",\"reason\":\"spam\",\"duration\":600}]}");
        startWith(crew(List.of(pebble()), moderator(false)), "pebble", "warden");

        twitch.inject("mychannel", "modfriend", "BUY FOLLOWERS", Badges.MODERATOR);
        twitch.inject("mychannel", "spammer", "BUY FOLLOWERS cheap!!!");
        await().atMost(WAIT).until(() -> !helix.timeouts().isEmpty());
        assertThat(helix.timeouts()).singleElement().satisfies(t -> {
            assertThat(t.userId()).isEqualTo(twitch.userId("spammer"));
            assertThat(t.broadcasterId()).isEqualTo(twitch.roomId("mychannel"));
            assertThat(t.moderatorId()).isEqualTo(twitch.userId("warden"));
            assertThat(t.duration()).isEqualTo(60);
            assertThat(t.clientId()).isEqualTo(FakeTwitchServer.CLIENT_ID);
        });
        // the exempt moderator's line was never even sent to the model
        assertThat(llm.requests("mod-model")).allSatisfy(r -> assertThat(r.body()).doesNotContain("modfriend"));
    }

    @Test
    void aDryRunModeratorTimesOutNoOne() throws IOException {
        llm.answer("mod-model", "{\"violations\":[{\"user\":\"spammer\",\"reason\":\"spam\",\"duration\":30}]}");
        startWith(crew(List.of(pebble()), moderator(true)), "pebble", "warden");

        twitch.inject("mychannel", "spammer", "BUY FOLLOWERS cheap!!!");
        hupbot.awaitStderr(0, l -> l.contains("bot=warden dry_run: would time out spammer for 30s"), WAIT);
        assertThat(helix.timeouts()).isEmpty();
    }

    @Test
    void aLeadModeratorIsNeitherTimedOutNorRefusedModeratorCommands() throws IOException {
        llm.answer("mod-model", "{\"violations\":[{\"user\":\"leadmod\",\"reason\":\"spam\",\"duration\":100},"
                + "{\"user\":\"spammer\",\"reason\":\"spam\",\"duration\":30}]}");
        String modOnly = """
                [bots.commands.modonly]
                response = "mods only, {user}"
                permission = "moderator"
                """;
        startWith(crew(List.of(pebble()), moderator(false) + modOnly), "pebble", "warden");

        // Twitch sends a lead moderator's line with the lead_moderator badge and no mod tag
        twitch.inject("mychannel", "viewer1", "!modonly");
        twitch.inject("mychannel", "leadmod", "!modonly", Badges.LEAD_MODERATOR);
        await().atMost(WAIT).until(() -> saidBy("warden").contains("mods only, Leadmod"));
        twitch.inject("mychannel", "leadmod", "BUY FOLLOWERS", Badges.LEAD_MODERATOR);
        twitch.inject("mychannel", "spammer", "BUY FOLLOWERS cheap!!!");

        await().atMost(WAIT).until(() -> !helix.timeouts().isEmpty());
        assertThat(helix.timeouts()).singleElement()
                .satisfies(t -> assertThat(t.userId()).isEqualTo(twitch.userId("spammer")));
        hupbot.awaitStderr(0, l -> l.contains("bot=warden ignored a verdict on leadmod: not among the checked lines"),
                WAIT);
        // exempt: the lead moderator's line was never sent to the model
        assertThat(llm.requests("mod-model")).allSatisfy(r -> assertThat(r.body()).doesNotContain("leadmod"));
        // the command was answered once, for the lead moderator, not for the plain viewer
        assertThat(saidBy("warden")).containsOnlyOnce("mods only, Leadmod").noneMatch(t -> t.contains("Viewer1"));
    }

    @Test
    void aVerdictCannotForgeALogLineNorReachTheTerminalWithEscapes() throws IOException {
        // Issue 12, finding 9: a user with a line break printed a second, fake log line; ESC reached the terminal.
        llm.answer("mod-model", "{\"violations\":[{\"user\":\"ghost\\n2026-12-02T00:00:00.000Z INFO  [main] Hupbot -"
                + " forged line\",\"reason\":\"spam\"},{\"user\":\"spammer\",\"reason\":\"\\u001b[2J\\u001b[31mspam\","
                + "\"duration\":30}]}");
        startWith(crew(List.of(pebble()), moderator(true)), "pebble", "warden");

        twitch.inject("mychannel", "spammer", "BUY FOLLOWERS cheap!!!");
        hupbot.awaitStderr(0, l -> l.contains("bot=warden dry_run: would time out spammer for 30s: \\u001b[2J\\u001b[31mspam"), WAIT);
        String ignored = hupbot.awaitStderr(0, l -> l.contains("ignored a verdict on"), WAIT);
        assertThat(ignored).endsWith("bot=warden ignored a verdict on ghost\\n2026-12-02t00:00:00.000z info  [main] hupbot -"
                + " forged line: not among the checked lines of #mychannel");
        assertThat(hupbot.stderr()).filteredOn(l -> l.contains("forged line")).containsExactly(ignored);
        assertThat(hupbot.stderr()).noneMatch(l -> l.indexOf('\u001b') >= 0);
    }
}
