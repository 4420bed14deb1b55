package dev.hupbot.cli;

import dev.hupbot.audit.ChangeRow;
import dev.hupbot.audit.ReloadDetail;
import dev.hupbot.audit.ReloadSummary;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The human forms of {@code hupbot history} and {@code hupbot history show}. */
final class HistoryText {
    static final String EMPTY = "no reloads recorded yet\n";

    /** Longer values are shortened in the change table; {@code --json} has them whole. */
    static final int MAX_VALUE_LENGTH = 60;

    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX", Locale.ROOT).withZone(ZoneOffset.UTC);

    private HistoryText() {}

    static String list(List<ReloadSummary> reloads) {
        if (reloads.isEmpty()) {
            return EMPTY;
        }
        TextTable table = new TextTable("ID>", "TIME", "TRIGGER", "OUTCOME", "CHANGES>", "DURATION>", "SUMMARY");
        for (ReloadSummary reload : reloads) {
            table.row(
                    Long.toString(reload.id()),
                    reload.requestedAt().truncatedTo(ChronoUnit.SECONDS).toString(),
                    reload.trigger().name(),
                    reload.outcome().name(),
                    Integer.toString(reload.changes()),
                    duration(reload.durationMs()),
                    reload.summary());
        }
        return table.render("");
    }

    static String detail(ReloadDetail detail) {
        ReloadSummary reload = detail.summary();
        StringBuilder out = new StringBuilder();
        header(out, "reload", "#" + reload.id());
        header(out, "outcome", reload.outcome().name());
        header(out, "summary", reload.summary());
        header(out, "trigger", reload.trigger().name());
        header(out, "coalesced", reload.coalescedSignals() + (reload.coalescedSignals() == 1 ? " signal" : " signals"));
        header(out, "requested", millis(reload.requestedAt()));
        header(out, "finished", reload.finishedAt() == null ? "(not finished)" : millis(reload.finishedAt()));
        header(out, "duration", duration(reload.durationMs()));
        header(out, "config", reload.configPath());
        header(out, "versions", version(reload.previousVersionId()) + " -> " + version(reload.newVersionId()));

        if (!detail.problems().isEmpty()) {
            out.append("\nproblems:\n");
            for (String problem : detail.problems()) {
                out.append("  ").append(problem).append('\n');
            }
        }

        if (detail.changes().isEmpty()) {
            out.append("\nchanges: none\n");
        } else {
            out.append("\nchanges:\n").append(changes(detail.changes()));
            if (detail.changes().stream().anyMatch(HistoryText::shortened)) {
                out.append("  (values over ").append(MAX_VALUE_LENGTH)
                        .append(" characters are shortened; --json shows them whole)\n");
            }
        }

        if (detail.textDiff().isEmpty()) {
            out.append("\ndiff: none\n");
        } else {
            out.append("\ndiff:\n").append(detail.textDiff());
            if (!detail.textDiff().endsWith("\n")) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String changes(List<ChangeRow> changes) {
        TextTable table = new TextTable("BOT", "PATH", "CHANGE", "ACTION", "RESULT");
        for (ChangeRow change : changes) {
            table.row(
                    change.bot(),
                    change.path(),
                    value(change.oldValue()) + " -> " + value(change.newValue()),
                    change.action().name(),
                    result(change));
        }
        return table.render("  ");
    }

    private static String result(ChangeRow change) {
        if (change.applied()) {
            return "applied";
        }
        return change.error() == null ? "not applied" : "failed: " + oneLine(change.error());
    }

    private static boolean shortened(ChangeRow change) {
        return tooLong(change.oldValue()) || tooLong(change.newValue());
    }

    private static boolean tooLong(@Nullable String value) {
        return value != null && oneLine(value).length() > MAX_VALUE_LENGTH;
    }

    /** {@code (none)} as in the log lines; control characters escaped so one change is one line. */
    private static String value(@Nullable String value) {
        if (value == null) {
            return "(none)";
        }
        String line = oneLine(value);
        return line.length() <= MAX_VALUE_LENGTH ? line : line.substring(0, MAX_VALUE_LENGTH - 3) + "...";
    }

    private static String oneLine(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }

    private static void header(StringBuilder out, String label, String value) {
        out.append(label).append(':').append(" ".repeat(11 - label.length())).append(value).append('\n');
    }

    private static String version(@Nullable Long id) {
        return id == null ? "(none)" : "#" + id;
    }

    private static String millis(Instant instant) {
        return MILLIS.format(instant);
    }

    static String duration(@Nullable Double durationMs) {
        return durationMs == null ? "-" : String.format(Locale.ROOT, "%.1f ms", durationMs);
    }
}
