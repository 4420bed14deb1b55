package dev.hupbot.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hupbot.fs.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code status.json} in the data directory: the running process's view of its bots, rewritten
 * every few seconds, so {@code hupbot status} and the container health check can read it
 * without talking to the process. Written by rename, so readers never see half a file; private
 * (0600) and never written through a symlink ({@link PrivateFiles#writeAtomically}).
 */
public final class StatusFile {
    public static final String NAME = "status.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;

    public StatusFile(Path dataDir) {
        this.path = dataDir.resolve(NAME);
    }

    public Path path() {
        return path;
    }

    public void write(long pid, Instant now, List<BotStatus> bots) {
        write(pid, now, bots, null);
    }

    /** {@code config} (null for none): why the running configuration is not the file on disk, as {@code config_note}. */
    public void write(long pid, Instant now, List<BotStatus> bots, @Nullable String config) {
        write(pid, now, bots, config, null);
    }

    /**
     * The reload whose outcome is the latest, and the config version the bots run, so {@code
     * hupbot status} can say what runs without opening the database.
     */
    public record LastReload(long id, String trigger, String outcome, Instant finishedAt, @Nullable Long runningVersion) {}

    /** As {@link #write(long, Instant, List, String)}, with the last reload (null before the first ends). */
    public void write(long pid, Instant now, List<BotStatus> bots, @Nullable String config, @Nullable LastReload last) {
        write(pid, now, bots, config, last, Map.of());
    }

    /**
     * As above, with {@code streams}: each followed channel (those of {@code presence = "live"}
     * bots), true when its stream is live; written as {@code "streams": {"channel": "live" | "offline"}}.
     */
    public void write(long pid, Instant now, List<BotStatus> bots, @Nullable String config, @Nullable LastReload last,
            Map<String, Boolean> streams) {
        ObjectNode root = JSON.createObjectNode();
        root.put("pid", pid);
        root.put("updated_at", now.toString());
        if (config != null) {
            root.put("config_note", config);
        }
        if (last != null) {
            if (last.runningVersion() != null) {
                root.put("config_version", last.runningVersion());
            }
            ObjectNode reload = root.putObject("last_reload");
            reload.put("id", last.id());
            reload.put("trigger", last.trigger());
            reload.put("outcome", last.outcome());
            reload.put("finished_at", last.finishedAt().toString());
        }
        if (!streams.isEmpty()) {
            // only when some bot follows a stream: a crew that is always in chat keeps the plain shape
            ObjectNode streamNode = root.putObject("streams");
            new java.util.TreeMap<>(streams).forEach((channel, live) -> streamNode.put(channel, live ? "live" : "offline"));
        }
        ArrayNode array = root.putArray("bots");
        for (BotStatus bot : bots) {
            ObjectNode node = array.addObject();
            node.put("name", bot.name());
            node.put("enabled", bot.enabled());
            node.put("connected", bot.connected());
            ArrayNode channels = node.putArray("channels");
            bot.channels().stream().sorted().forEach(channels::add);
            node.put("messages_in", bot.messagesIn());
            node.put("messages_out", bot.messagesOut());
            node.put("last_message_in", text(bot.lastMessageIn()));
            node.put("last_message_out", text(bot.lastMessageOut()));
            if (bot.presence() == dev.hupbot.config.Presence.LIVE) {
                node.put("presence", bot.presence().key());
                // away: a live bot out of its channels while their streams are offline
                node.put("present", bot.connected() && !bot.channels().isEmpty());
            }
        }
        try {
            // status.json.tmp is made anew (0600, never through a symlink) and renamed into place.
            PrivateFiles.writeAtomically(path, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /** The last status written, if there is one. */
    public Optional<JsonNode> read() {
        try {
            Optional<String> text = PrivateFiles.readPrivate(path, "the status file", 64 << 20);
            return text.isEmpty() ? Optional.empty() : Optional.of(JSON.readTree(text.get()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    public void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // A stale file is recognised by its pid and age.
        }
    }

    private static @Nullable String text(@Nullable Instant at) {
        return at == null ? null : at.toString();
    }
}
