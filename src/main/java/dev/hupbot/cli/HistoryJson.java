package dev.hupbot.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hupbot.audit.AppliedChange;
import dev.hupbot.audit.ChangeRow;
import dev.hupbot.audit.ReloadDetail;
import dev.hupbot.audit.ReloadSummary;
import dev.hupbot.diff.FieldChange;
import dev.hupbot.reload.ReloadResult;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code --json} forms of {@code history} and {@code history show}; docs/history-json.md
 * documents the shape, which scripts depend on: fields are only ever added.
 */
final class HistoryJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectWriter WRITER = new ObjectMapper().writer(prettyPrinter());

    private HistoryJson() {}

    static String list(List<ReloadSummary> reloads) {
        ArrayNode array = NODES.arrayNode();
        for (ReloadSummary reload : reloads) {
            array.add(summary(reload));
        }
        return write(array);
    }

    static String detail(ReloadDetail detail) {
        ObjectNode object = summary(detail.summary());
        ArrayNode problems = object.putArray("problems");
        detail.problems().forEach(problems::add);
        ArrayNode changes = object.putArray("changes");
        for (ChangeRow change : detail.changes()) {
            changes.addObject()
                    .put("bot", change.bot())
                    .put("path", change.path())
                    .put("kind", change.kind().name())
                    .put("old_value", change.oldValue())
                    .put("new_value", change.newValue())
                    .put("action", change.action().name())
                    .put("applied", change.applied())
                    .put("error", change.error());
        }
        object.put("text_diff", detail.textDiff());
        return write(object);
    }

    /**
     * The answer of {@code POST /-/reload}: {@code {"reload": ID, "trigger", "outcome", "problems",
     * "changes"}}, problems and changes in the shapes of {@link #detail}.
     */
    static String reloadResponse(ReloadResult result) {
        ObjectNode object = NODES.objectNode()
                .put("reload", result.reloadId())
                .put("trigger", result.trigger().name())
                .put("outcome", result.outcome().name())
                .put("coalesced_signals", result.coalescedSignals());
        object.put("duration_ms", result.duration().toNanos() / 1e6);
        ArrayNode problems = object.putArray("problems");
        result.problems().forEach(problems::add);
        ArrayNode changes = object.putArray("changes");
        for (AppliedChange applied : result.changes()) {
            FieldChange change = applied.change();
            changes.addObject()
                    .put("bot", change.bot())
                    .put("path", change.path())
                    .put("kind", change.kind().name())
                    .put("old_value", change.oldValue())
                    .put("new_value", change.newValue())
                    .put("action", change.action().name())
                    .put("applied", applied.applied())
                    .put("error", applied.error());
        }
        return write(object);
    }

    private static ObjectNode summary(ReloadSummary reload) {
        ObjectNode object = NODES.objectNode()
                .put("id", reload.id())
                .put("trigger", reload.trigger().name())
                .put("outcome", reload.outcome().name())
                .put("requested_at", reload.requestedAt().toString())
                .put("finished_at", text(reload.finishedAt()));
        object.put("duration_ms", reload.durationMs());
        object.put("config_path", reload.configPath());
        object.put("previous_version_id", reload.previousVersionId());
        object.put("new_version_id", reload.newVersionId());
        return object
                .put("coalesced_signals", reload.coalescedSignals())
                .put("change_count", reload.changes())
                .put("bots_changed", reload.botsChanged())
                .put("summary", reload.summary());
    }

    private static @Nullable String text(@Nullable Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String write(Object node) {
        try {
            return WRITER.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write JSON for the history", e);
        }
    }

    /** Two-space indents, {@code "key": value}, and {@code []} for an empty list, as jq prints. */
    private static DefaultPrettyPrinter prettyPrinter() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withArrayEmptySeparator("")
                .withObjectEmptySeparator("");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators);
        printer.indentArraysWith(indenter);
        printer.indentObjectsWith(indenter);
        return printer;
    }
}
