package dev.hupbot.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hupbot.config.Secret;
import dev.hupbot.fs.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The bots' tokens in {@code DATA/tokens.json}: mode 0600, replaced atomically (see
 * {@link PrivateFiles}), so a kill at any moment leaves either the old or the new file. Every
 * change is a read-modify-write under an exclusive lock on {@code DATA/tokens.lock}: the running
 * process (rotating refresh tokens) and {@code hupbot auth login} in another terminal or
 * container never lose each other's writes.
 *
 * <p>Errors name the file and the fix; none carries a token.
 */
public final class TokenStore {
    public static final String FILE_NAME = "tokens.json";
    static final String LOCK_NAME = "tokens.lock";
    private static final int MAX_BYTES = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** FileLock is per process: threads of this one queue here first. */
    private static final Object IN_PROCESS = new Object();

    private final Path dir;
    private final Path file;

    public TokenStore(Path dataDir) {
        this.dir = dataDir;
        this.file = dataDir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    public Optional<StoredToken> get(String bot) {
        return Optional.ofNullable(all().get(bot));
    }

    /** Every entry, by bot name. */
    public Map<String, StoredToken> all() {
        try {
            return read();
        } catch (IOException e) {
            throw new UncheckedIOException("token store " + file + ": " + e.getMessage(), e);
        }
    }

    public void put(String bot, StoredToken token) {
        update(entries -> {
            entries.put(bot, token);
            return entries;
        });
    }

    /** Forgets {@code bot}; false when it had no entry. */
    public boolean remove(String bot) {
        boolean[] removed = {false};
        update(entries -> {
            removed[0] = entries.remove(bot) != null;
            return entries;
        });
        return removed[0];
    }

    /**
     * Replaces {@code bot}'s entry with {@code change} applied to it, only while its refresh token is
     * still {@code expectedRefresh}: false (and nothing written) when another login replaced it
     * meanwhile, or it is gone.
     */
    public boolean replaceIf(String bot, @Nullable Secret expectedRefresh, UnaryOperator<StoredToken> change) {
        boolean[] done = {false};
        update(entries -> {
            StoredToken current = entries.get(bot);
            if (current != null && java.util.Objects.equals(current.refreshToken(), expectedRefresh)) {
                entries.put(bot, change.apply(current));
                done[0] = true;
            }
            return entries;
        });
        return done[0];
    }

    private void update(UnaryOperator<Map<String, StoredToken>> change) {
        synchronized (IN_PROCESS) {
            try {
                PrivateFiles.ensurePrivateDirectory(dir);
                try (FileChannel lockFile = FileChannel.open(dir.resolve(LOCK_NAME),
                        Set.<OpenOption>of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                        PosixFilePermissions.asFileAttribute(PrivateFiles.FILE_MODE));
                        FileLock held = lockFile.lock()) {
                    Map<String, StoredToken> next = change.apply(read());
                    PrivateFiles.writeAtomically(file, serialise(next));
                    held.release();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("token store " + file + ": " + e.getMessage()
                        + "; check that the data directory is writable by this user", e);
            }
        }
    }

    private Map<String, StoredToken> read() throws IOException {
        Optional<byte[]> bytes = TokenFile.read(file, MAX_BYTES);
        Map<String, StoredToken> entries = new TreeMap<>();
        if (bytes.isEmpty()) {
            return entries;
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes.get());
        } catch (IOException e) {
            throw new IOException("not valid JSON; move it aside and run hupbot auth login for each bot");
        }
        JsonNode tokens = root == null ? null : root.path("tokens");
        if (tokens == null || !tokens.isObject()) {
            throw new IOException("has no \"tokens\" object; move it aside and run hupbot auth login for each bot");
        }
        for (Map.Entry<String, JsonNode> e : tokens.properties()) {
            entries.put(e.getKey(), entry(e.getKey(), e.getValue()));
        }
        return entries;
    }

    private static StoredToken entry(String bot, JsonNode json) throws IOException {
        String access = json.path("access_token").asText("");
        if (access.isEmpty()) {
            throw new IOException("entry " + bot + " has no access_token; run hupbot auth login " + bot);
        }
        String refresh = json.path("refresh_token").asText("");
        List<String> scopes = new ArrayList<>();
        json.path("scopes").forEach(s -> scopes.add(s.asText()));
        return new StoredToken(json.path("login").asText(bot), json.path("user_id").asText(""), Secret.of(access),
                refresh.isEmpty() ? null : Secret.of(refresh), scopes, instant(json, "expires_at"),
                instant(json, "validated_at"));
    }

    private static @Nullable Instant instant(JsonNode json, String field) {
        String text = json.path(field).asText("");
        try {
            return text.isEmpty() ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static byte[] serialise(Map<String, StoredToken> entries) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        ObjectNode tokens = root.putObject("tokens");
        for (Map.Entry<String, StoredToken> e : new TreeMap<>(entries).entrySet()) {
            StoredToken t = e.getValue();
            ObjectNode o = tokens.putObject(e.getKey());
            o.put("login", t.login());
            o.put("user_id", t.userId());
            o.put("access_token", t.accessToken().reveal());
            if (t.refreshToken() != null) {
                o.put("refresh_token", t.refreshToken().reveal());
            }
            ArrayNode scopes = o.putArray("scopes");
            t.scopes().forEach(scopes::add);
            if (t.expiresAt() != null) {
                o.put("expires_at", t.expiresAt().toString());
            }
            if (t.validatedAt() != null) {
                o.put("validated_at", t.validatedAt().toString());
            }
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }
}
