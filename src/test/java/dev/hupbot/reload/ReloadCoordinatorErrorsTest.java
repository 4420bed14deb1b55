package dev.hupbot.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.audit.AuditStore;
import dev.hupbot.audit.Outcome;
import dev.hupbot.audit.ReloadSummary;
import dev.hupbot.audit.Trigger;
import dev.hupbot.bot.BotRuntime;
import dev.hupbot.chat.ChatConnection;
import dev.hupbot.chat.ChatListener;
import dev.hupbot.chat.ChatTransport;
import dev.hupbot.chat.shell.ShellTransport;
import dev.hupbot.config.ConfigLoader;
import dev.hupbot.config.Secret;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing stops the coordinator: a too-deep file, and an Error thrown in the middle of a reload
 * (here by the chat transport while a bot connects), are each that reload's REJECTED row, and
 * the next reload is served as usual.
 */
class ReloadCoordinatorErrorsTest {
    @TempDir Path dir;
    Path config;
    AuditStore audit;
    BotRuntime runtime;
    ReloadCoordinator coordinator;
    volatile @Nullable Supplier<Error> connectThrows;

    /** The shell chat, except that connecting bot "boomer" throws what {@link #connectThrows} says. */
    final class ThrowingTransport implements ChatTransport {
        private final ShellTransport shell = new ShellTransport(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Clock.systemUTC());

        @Override
        public ChatConnection connect(String login, Secret token, @Nullable Secret refreshToken, Set<String> channels,
                ChatListener listener) {
            Supplier<Error> error = connectThrows;
            if (login.equals("boomer") && error != null) {
                throw error.get();
            }
            return shell.connect(login, token, refreshToken, channels, listener);
        }

        @Override
        public void close() {
            shell.close();
        }
    }

    static String crew(String response, boolean boomer) {
        String text = """
                [[bots]]
                name = "stickyman"
                token = "oauth:unit-test-token"
                channels = ["mychannel"]

                [bots.commands.hello]
                response = "%s"
                """.formatted(response);
        return boomer ? text + "\n[[bots]]\nname = \"boomer\"\ntoken = \"oauth:unit-test-token\"\nchannels = [\"mychannel\"]\n" : text;
    }

    @BeforeEach
    void setUp() throws Exception {
        config = dir.resolve("bots.toml");
        Files.writeString(config, crew("v0", false));
        audit = AuditStore.open(dir.resolve("data"));
        runtime = new BotRuntime(new ThrowingTransport(), Clock.systemUTC());
        coordinator = new ReloadCoordinator(config, new ConfigLoader(Map.of()), audit, runtime, Clock.systemUTC(), r -> { });
        assertThat(coordinator.start().outcome()).isEqualTo(Outcome.APPLIED);
    }

    @AfterEach
    void tearDown() {
        coordinator.close();
        runtime.close();
        audit.close();
    }

    ReloadResult reload() throws Exception {
        return coordinator.request(Trigger.SIGHUP).get(30, TimeUnit.SECONDS);
    }

    @Test
    void aFileNestedTwoThousandDeepIsRejectedWithItsPositionAndTheNextFileApplies() throws Exception {
        Files.writeString(config, crew("v1", false) + "extra = " + "[".repeat(2000) + "]".repeat(2000) + "\n");
        ReloadResult deep = reload();
        assertThat(deep.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(deep.problems()).containsExactly(config + ":8:73: error: arrays and inline tables nested more than 64"
                + " levels deep (a bots.toml needs 3 at most); close the brackets opened before this one, or flatten the value");

        Files.writeString(config, crew("v2", false));
        assertThat(reload().outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(runtime.active().bots().get(0).commands().get("hello").response()).isEqualTo("v2");
        assertNoRowInProgress();
    }

    @Test
    void aStackOverflowInTheMiddleOfAReloadIsThatReloadsRejectedRow() throws Exception {
        connectThrows = () -> new StackOverflowError("thrown by the test transport");
        Files.writeString(config, crew("v1", true));
        ReloadResult failed = reload();
        assertThat(failed.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(failed.problems()).containsExactly("internal error: java.lang.StackOverflowError: thrown by the test"
                + " transport; the running configuration stays as it was before this reload - please report this with the log");
        assertThat(audit.reload(failed.reloadId()).orElseThrow().summary().outcome()).isEqualTo(Outcome.REJECTED);
        assertNoRowInProgress();

        connectThrows = null;
        Files.writeString(config, crew("v2", false));
        ReloadResult next = reload();
        assertThat(next.outcome()).as("%s", next.problems()).isEqualTo(Outcome.APPLIED);
        assertThat(next.reloadId()).isEqualTo(failed.reloadId() + 1);
    }

    @Test
    void anOutOfMemoryErrorIsRecordedThenHandedToTheUncaughtExceptionHandler() throws Exception {
        List<Throwable> handed = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> handed.add(e));
        try {
            connectThrows = () -> new OutOfMemoryError("thrown by the test transport");
            Files.writeString(config, crew("v1", true));
            ReloadResult failed = reload();
            assertThat(failed.outcome()).isEqualTo(Outcome.REJECTED);
            assertThat(failed.problems()).singleElement().asString().startsWith("internal error: java.lang.OutOfMemoryError");
            assertThat(handed).singleElement().isInstanceOf(OutOfMemoryError.class);
            assertNoRowInProgress();

            // A handler that lets the process go on keeps a working coordinator.
            connectThrows = null;
            Files.writeString(config, crew("v2", false));
            assertThat(reload().outcome()).isEqualTo(Outcome.APPLIED);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
    }

    private void assertNoRowInProgress() {
        assertThat(audit.history(100)).extracting(ReloadSummary::outcome).doesNotContain(Outcome.IN_PROGRESS);
    }
}
