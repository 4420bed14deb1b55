package dev.hupbot.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hupbot.diff.ApplyAction;
import dev.hupbot.diff.ChangeKind;
import dev.hupbot.diff.FieldChange;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-27T01:16:12.345678901Z");
    private static final FieldChange TEMPERATURE =
            new FieldChange("stickyman", "ai.temperature", ChangeKind.CHANGED, "0.7", "0.9", ApplyAction.HOT);
    private static final FieldChange CHANNELS = new FieldChange(
            "stickyman", "channels", ChangeKind.CHANGED, "[\"mychannel\"]", "[\"mychannel\", \"other\"]", ApplyAction.REJOIN);
    private static final FieldChange NEW_BOT =
            new FieldChange("chat_warden", "bot", ChangeKind.ADDED, null, "chat_warden", ApplyAction.START);

    @TempDir
    Path dataDir;

    private AuditStore store;

    @BeforeEach
    void open() {
        store = AuditStore.open(dataDir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void storesEachDistinctTextOnce() {
        long first = store.storeVersion("a = 1\n", T0);
        long again = store.storeVersion("a = 1\n", T0.plusSeconds(60));
        long other = store.storeVersion("a = 2\n", T0.plusSeconds(120));

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void recordsPlanAndOutcomeOfAReload() {
        long previous = store.storeVersion("old", T0);
        long id = store.beginReload(Trigger.SIGHUP, T0, "config/bots.toml", 2);
        long next = store.storeVersion("new", T0);
        store.recordPlan(id, previous, next, List.of(TEMPERATURE, CHANNELS, NEW_BOT), "--- a\n+++ b\n");
        store.finishReload(id, Outcome.APPLIED, T0.plusMillis(14), 14.25, List.of(), List.of(
                new AppliedChange(TEMPERATURE, true, null),
                new AppliedChange(CHANNELS, true, null),
                new AppliedChange(NEW_BOT, true, null)));

        ReloadDetail detail = store.reload(id).orElseThrow();

        assertThat(detail.summary()).isEqualTo(new ReloadSummary(id, Trigger.SIGHUP, T0, T0.plusMillis(14),
                Outcome.APPLIED, "config/bots.toml", previous, next, 2, 3, 2, 14.25, "3 changes in 2 bots"));
        assertThat(detail.problems()).isEmpty();
        assertThat(detail.textDiff()).isEqualTo("--- a\n+++ b\n");
        assertThat(detail.changes()).containsExactly(
                new ChangeRow("stickyman", "ai.temperature", ChangeKind.CHANGED, "0.7", "0.9", ApplyAction.HOT, true, null),
                new ChangeRow("stickyman", "channels", ChangeKind.CHANGED, "[\"mychannel\"]",
                        "[\"mychannel\", \"other\"]", ApplyAction.REJOIN, true, null),
                new ChangeRow("chat_warden", "bot", ChangeKind.ADDED, null, "chat_warden", ApplyAction.START, true, null));
    }

    @Test
    void aPlannedReloadIsInProgressUntilFinished() {
        long id = store.beginReload(Trigger.STARTUP, T0, "bots.toml", 0);
        store.recordPlan(id, null, store.storeVersion("x", T0), List.of(NEW_BOT), "diff");

        ReloadDetail detail = store.reload(id).orElseThrow();

        assertThat(detail.summary().outcome()).isEqualTo(Outcome.IN_PROGRESS);
        assertThat(detail.summary().finishedAt()).isNull();
        assertThat(detail.summary().durationMs()).isNull();
        assertThat(detail.summary().previousVersionId()).isNull();
        assertThat(detail.summary().summary()).isEqualTo("in progress");
        assertThat(detail.changes()).extracting(ChangeRow::applied, ChangeRow::error).containsExactly(
                org.assertj.core.groups.Tuple.tuple(false, null));
    }

    @Test
    void aPartialReloadSaysWhichChangeFailed() {
        long id = store.beginReload(Trigger.SIGHUP, T0, "bots.toml", 0);
        store.recordPlan(id, null, null, List.of(TEMPERATURE, CHANNELS), "");
        store.finishReload(id, Outcome.PARTIAL, T0.plusMillis(3), 3.0, List.of(), List.of(
                new AppliedChange(TEMPERATURE, true, null),
                new AppliedChange(CHANNELS, false, "JOIN #other refused: msg_banned")));

        ReloadDetail detail = store.reload(id).orElseThrow();

        assertThat(detail.summary().summary()).isEqualTo("2 changes in 1 bot, 1 failed");
        assertThat(detail.changes()).extracting(ChangeRow::path, ChangeRow::applied, ChangeRow::error).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ai.temperature", true, null),
                org.assertj.core.groups.Tuple.tuple("channels", false, "JOIN #other refused: msg_banned"));
    }

    @Test
    void aLongErrorIsShortenedNotLost() {
        long id = store.beginReload(Trigger.SIGHUP, T0, "bots.toml", 0);
        store.recordPlan(id, null, null, List.of(CHANNELS), "");
        store.finishReload(id, Outcome.PARTIAL, T0, 1.0, List.of(),
                List.of(new AppliedChange(CHANNELS, false, "refused: " + "x".repeat(5000))));

        String error = store.reload(id).orElseThrow().changes().get(0).error();

        assertThat(error).hasSize(4000).startsWith("refused: xxx").endsWith("xxx...");
    }

    @Test
    void resultsWithoutAPlanBecomeRows() {
        long id = store.beginReload(Trigger.SIGHUP, T0, "bots.toml", 0);
        store.finishReload(id, Outcome.APPLIED, T0, 1.0, List.of(), List.of(new AppliedChange(TEMPERATURE, true, null)));

        assertThat(store.reload(id).orElseThrow().changes())
                .extracting(ChangeRow::path, ChangeRow::applied)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ai.temperature", true));
        assertThat(store.history(1).get(0).changes()).isEqualTo(1);
    }

    @Test
    void aRejectedReloadKeepsItsProblemsAndTheTextItRead() {
        long running = store.storeVersion("good", T0);
        long id = store.beginReload(Trigger.SIGHUP, T0, "config/bots.toml", 0);
        long attempted = store.storeVersion("bad = [", T0);
        store.recordPlan(id, running, attempted, List.of(), "");
        store.finishReload(id, Outcome.REJECTED, T0.plusMillis(2), 2.0, List.of(
                "config/bots.toml:1:8: error: unterminated array",
                "config/bots.toml: error: no enabled bot (refusing to stop every bot)"), List.of());

        ReloadDetail detail = store.reload(id).orElseThrow();

        assertThat(detail.problems()).containsExactly(
                "config/bots.toml:1:8: error: unterminated array",
                "config/bots.toml: error: no enabled bot (refusing to stop every bot)");
        assertThat(detail.summary().summary())
                .isEqualTo("config/bots.toml:1:8: error: unterminated array (and 1 more)");
        assertThat(store.loadedText(id)).contains("bad = [");
    }

    @Test
    void historyIsNewestFirstAndLimited() {
        long first = store.beginReload(Trigger.STARTUP, T0, "bots.toml", 0);
        long second = store.beginReload(Trigger.SIGHUP, T0.plusSeconds(1), "bots.toml", 0);
        long third = store.beginReload(Trigger.SIGHUP, T0.plusSeconds(2), "bots.toml", 3);

        assertThat(store.history(10)).extracting(ReloadSummary::id).containsExactly(third, second, first);
        assertThat(store.history(2)).extracting(ReloadSummary::id).containsExactly(third, second);
        assertThat(store.latestReloadId()).isEqualTo(OptionalLong.of(third));
    }

    @Test
    void anEmptyDatabaseHasNoHistory() {
        assertThat(store.history(10)).isEmpty();
        assertThat(store.latestReloadId()).isEmpty();
        assertThat(store.lastAppliedText()).isEmpty();
        assertThat(store.reload(1)).isEmpty();
        assertThat(store.loadedText(1)).isEmpty();
    }

    @Test
    void loadedTextIsTheExactText() {
        String text = "# persona ☕ “quotes” — 日本語 😀\r\n[[bots]]\r\nname = \"a\"\ttrailing \u2028 \\u00e9\n\n"
                + "prompt = \"\"\"\n" + "long line ".repeat(40_000) + "\"\"\"";
        long id = store.beginReload(Trigger.STARTUP, T0, "bots.toml", 0);
        store.recordPlan(id, null, store.storeVersion(text, T0), List.of(), "");

        assertThat(store.loadedText(id)).contains(text);
        assertThat(store.loadedText(id).orElseThrow()).hasSize(text.length());
    }

    @Test
    void lastAppliedTextIsWhatRuns() {
        reload(Outcome.APPLIED, "v1");
        assertThat(store.lastAppliedText()).contains("v1");

        reload(Outcome.REJECTED, "v2 broken");
        assertThat(store.lastAppliedText()).contains("v1");

        reload(Outcome.PARTIAL, "v3");
        assertThat(store.lastAppliedText()).contains("v3");

        reload(Outcome.UNCHANGED, "v3 # comment only");
        assertThat(store.lastAppliedText()).contains("v3 # comment only");

        long running = store.beginReload(Trigger.SIGHUP, T0, "bots.toml", 0);
        store.recordPlan(running, null, store.storeVersion("v4 being applied", T0), List.of(), "");
        assertThat(store.lastAppliedText()).contains("v3 # comment only");
    }

    @Test
    void markInterruptedFinishesRowsADeadProcessLeft() {
        long applied = reload(Outcome.APPLIED, "v1");
        long died = store.beginReload(Trigger.SIGHUP, T0, "bots.toml", 0);
        Instant restart = T0.plusSeconds(3600);

        assertThat(store.markInterrupted(restart)).isEqualTo(1);
        assertThat(store.markInterrupted(restart)).isZero();

        ReloadSummary row = store.reload(died).orElseThrow().summary();
        assertThat(row.outcome()).isEqualTo(Outcome.INTERRUPTED);
        assertThat(row.finishedAt()).isEqualTo(restart);
        assertThat(row.summary()).isEqualTo("interrupted: the process stopped before this reload finished");
        assertThat(store.reload(applied).orElseThrow().summary().outcome()).isEqualTo(Outcome.APPLIED);
    }

    @Test
    void aPlanIsRecordedWhollyOrNotAtAll() {
        long id = store.beginReload(Trigger.SIGHUP, T0, "bots.toml", 0);
        long version = store.storeVersion("v", T0);
        FieldChange tooLong = new FieldChange("b".repeat(300), "ai.model", ChangeKind.CHANGED, "x", "y", ApplyAction.HOT);

        assertThatThrownBy(() -> store.recordPlan(id, null, version, List.of(TEMPERATURE, tooLong), "diff"))
                .isInstanceOf(AuditException.class)
                .hasMessageStartingWith("cannot record the plan of reload #" + id + " in audit database "
                        + dataDir.resolve("hupbot.mv.db") + ": ");

        ReloadDetail detail = store.reload(id).orElseThrow();
        assertThat(detail.summary().newVersionId()).isNull();
        assertThat(detail.summary().changes()).isZero();
        assertThat(detail.changes()).isEmpty();
        assertThat(detail.textDiff()).isEmpty();
    }

    @Test
    void finishingAnUnknownReloadFails() {
        assertThatThrownBy(() -> store.finishReload(99, Outcome.APPLIED, T0, 1, List.of(), List.of()))
                .isInstanceOf(AuditException.class)
                .hasMessage("cannot finish reload #99 in audit database " + dataDir.resolve("hupbot.mv.db")
                        + ": there is no reload #99");
    }

    @Test
    void aClosedStoreSaysSo() {
        store.close();

        assertThatThrownBy(() -> store.history(5))
                .isInstanceOf(AuditException.class)
                .hasMessage("cannot read the reload history: audit database " + dataDir.resolve("hupbot.mv.db")
                        + " is closed");
    }

    private long reload(Outcome outcome, String text) {
        long id = store.beginReload(Trigger.SIGHUP, T0, "bots.toml", 0);
        store.recordPlan(id, null, store.storeVersion(text, T0), List.of(), "");
        store.finishReload(id, outcome, T0, 1.0, outcome == Outcome.REJECTED ? List.of("bad") : List.of(), List.of());
        return id;
    }
}
