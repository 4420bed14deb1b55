package dev.hupbot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hupbot.it.support.Badges;
import dev.hupbot.it.support.FakeTwitchServer;
import dev.hupbot.it.support.FakeTwitchServer.ChatLine;
import dev.hupbot.it.support.TwitchTransportProbe;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Twitch transport from the packaged jar and its lib/ alone, in a JVM of its own. */
class TwitchTransportPackagedIT {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final FakeTwitchServer fake = FakeTwitchServer.start();
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private Process probe;

    @AfterEach
    void stop() {
        if (probe != null) {
            probe.destroyForcibly();
        }
        fake.close();
    }

    @Test
    void aBotRunsOnThePackagedClasspathAndItsJvmExitsByItselfAfterClose(@TempDir Path dir) throws Exception {
        Path jar = Path.of(System.getProperty("hupbot.jar", "target/hupbot.jar"));
        assertThat(jar).as("the packaged jar; run through mvn verify, which packages it first").isRegularFile();
        Path probeClasses = Path.of(TwitchTransportProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path stderr = dir.resolve("probe-stderr.log");
        String token = fake.token("probe");

        probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar + File.pathSeparator + probeClasses,
                TwitchTransportProbe.class.getName(), fake.ircUrl(), fake.authUrl(), token)
                .redirectError(stderr.toFile())
                .start();
        dev.hupbot.it.support.SecretWatch.program("transport probe", java.util.Map.of(), null, () -> {
            List<String> lines = new java.util.ArrayList<>(stdout);
            try {
                lines.addAll(Files.readAllLines(stderr));
            } catch (java.io.IOException e) {
                lines.add("(stderr unreadable: " + e + ")");
            }
            return lines;
        });
        Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8))
                .lines().forEach(stdout::add), "probe-stdout");
        reader.setDaemon(true);
        reader.start();

        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(fake.channelsOf("probe")).containsExactly("mychannel");
            assertThat(fake.messagesFrom("probe")).containsExactly(new ChatLine("probe", "mychannel", "hello from the jar"));
        });
        fake.inject("mychannel", "viewer1", "!hi", Badges.MODERATOR);
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(stdout).contains("got #mychannel viewer1 MODERATOR !hi"));

        try (OutputStream in = probe.getOutputStream()) {
            in.write("quit\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(probe.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("the probe's JVM exited by itself").isTrue();
        assertThat(probe.exitValue()).isZero();
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(stdout).endsWith("closed"));
        assertThat(stdout).startsWith("event CONNECTED");
        String log = Files.readString(stderr);
        assertThat(log).contains("bot=probe connected", "bot=probe left chat").doesNotContain(token);
        assertThat(fake.openConnections("probe")).isZero();
    }
}
