package dev.hupbot.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;

/**
 * Reads, parses (tomlj), merges {@code [defaults]}, resolves {@code ${NAME}} against the env
 * file and the environment ({@link EnvSource}, read again by every load), and validates a {@code bots.toml}. Never throws for bad input: every problem is
 * in the {@link LoadResult}.
 *
 * <p>Decisions a user can see:
 * <ul>
 *   <li>Defaults for omitted keys: enabled = true, role = "chatter", command_prefix = "!",
 *       intro_message = "", ignored_users = [], reply_chance = 0.0 (a bot answers only lines that
 *       name it unless told otherwise), min_delay_ms = 1000, max_delay_ms = 3000, ai.* from
 *       {@link AiConfig}'s constants, system_prompt = "", fallback_models = []; commands:
 *       cooldowns 0, permission "everyone", no aliases; timers: min_chat_lines = 0; moderation:
 *       check_interval_seconds = 30, max_timeout_seconds = 600, exempt_roles = moderator and
 *       broadcaster, dry_run = false, no rules.
 *   <li>Lists and arrays of tables (channels, timers, ...) in a bot replace the default whole;
 *       tables (ai, commands, each command, moderation) merge key by key.
 *       {@code [defaults.moderation]} applies to moderator bots only.
 *   <li>Channels may be written {@code "#chan"}; they are stored without the {@code #}. Upper case
 *       is an error, as for bot names. Ignored users are lower-cased and may carry an {@code @}.
 *   <li>{@code ${NAME}} works in every string and list item; {@code $${} writes a literal {@code ${}.
 *       Empty {@code api_key} or {@code refresh_token} means none.
 *   <li>Problem paths name bots as {@code bots[name]}, or {@code bots[INDEX]} (from 0) when the
 *       name is missing or invalid; array items are 0-based, as in {@code timers[0]}.
 *   <li>A leading UTF-8 byte order mark is ignored.
 *   <li>Bounds: at most {@link #MAX_FILE_BYTES}, arrays and inline tables nested at most 64 deep
 *       ({@link NestingScanner}, checked before tomlj parses), and {@link #MAX_SYNTAX_ERRORS}
 *       TOML syntax errors listed (the rest counted in one more problem).
 * </ul>
 */
public final class ConfigLoader {
    /** Larger files are refused before parsing. */
    public static final long MAX_FILE_BYTES = 1024 * 1024;

    /** TOML syntax errors reported one by one; the rest are counted in one more problem. */
    static final int MAX_SYNTAX_ERRORS = 50;

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final EnvSource variables;
    /** Remembers the last file's [[bots]] blocks, so a reload re-parses only the blocks that changed. */
    private final @Nullable BotSplitParser splitParser;

    /** Resolves against exactly {@code env}: no env file (tests, the bench). */
    public ConfigLoader(Map<String, String> env) {
        this(EnvSource.fixed(env), true);
    }

    /** Resolves against {@code variables}: its env file is read again by every load. */
    public ConfigLoader(EnvSource variables) {
        this(variables, true);
    }

    /** {@code splitBots = false} parses every file whole; the tests compare both ways. */
    ConfigLoader(Map<String, String> env, boolean splitBots) {
        this(EnvSource.fixed(env), splitBots);
    }

    private ConfigLoader(EnvSource variables, boolean splitBots) {
        this.variables = variables;
        this.splitParser = splitBots ? new BotSplitParser() : null;
    }

    /** The env file every load reads (it may not exist), for a file watcher; empty when there is none. */
    public Optional<Path> envFile() {
        return variables.file();
    }

    /**
     * Reads and loads {@code file} and the env file; I/O trouble (missing, directory, too large)
     * is a problem too, and a bots file or env file others may write or read is a warning.
     */
    public LoadResult load(Path file) {
        String fileName = file.toString();
        ConfigFileReader.Bytes bytes = ConfigFileReader.read(file);
        if (bytes.content() == null) {
            return new LoadResult(null, List.of(Problem.error(fileName, 1, 1, "", String.valueOf(bytes.problem()))), "");
        }
        LoadResult result = parse(fileName, bytes.content());
        List<Problem> problems = new ArrayList<>(result.problems());
        FilePermissions.warning(file).ifPresent(w -> problems.add(Problem.warning(fileName, 1, 1, "", w)));
        variables.permissionWarning().ifPresent(problems::add);
        return new LoadResult(result.config(), problems, result.text());
    }

    /**
     * Reads {@code file} for a reload without parsing it, and the env file: the bytes and the
     * variables, or the problems that prevent reading them (missing, a directory, a FIFO, over
     * the size limit, unreadable; an env file that does not parse). Never blocks on a special
     * file, never reads more than one byte past the limit.
     */
    public FileRead read(Path file) {
        ConfigFileReader.Bytes bytes = ConfigFileReader.read(file);
        byte[] content = bytes.content();
        if (content == null) {
            return new FileRead(null, List.of(Problem.error(file.toString(), 1, 1, "", String.valueOf(bytes.problem()))), null);
        }
        EnvSource.Read env = variables.read();
        return env.variables() == null
                ? new FileRead(null, env.problems(), null)
                : new FileRead(content, List.of(), env.variables());
    }

    /**
     * The outcome of {@link #read}: {@code content} and {@code variables} (pass them to
     * {@link #parse(String, byte[], Variables)}), or the problems.
     */
    public record FileRead(byte @Nullable [] content, List<Problem> problems, @Nullable Variables variables) {
        public FileRead {
            problems = List.copyOf(problems);
        }

        /** The first problem, or null when the read succeeded. */
        public @Nullable Problem problem() {
            return problems.isEmpty() ? null : problems.get(0);
        }
    }

    /** How many pieces of the file the last {@link #parse} handed to tomlj (-1: it parsed whole); for tests. */
    int piecesParsedLast() {
        return splitParser == null ? -1 : splitParser.lastParsed();
    }

    /**
     * Loads bytes already read (a file, or a version from the audit database), reading the env
     * file now; {@code fileName} is how problems name the file. An env file that cannot be read
     * is the result's problem, and nothing is resolved.
     */
    public LoadResult parse(String fileName, byte[] content) {
        EnvSource.Read env = variables.read();
        Variables values = env.variables();
        return values == null ? new LoadResult(null, env.problems(), "") : parse(fileName, content, values);
    }

    /** Loads bytes already read against variables already read (both from {@link #read}). */
    public LoadResult parse(String fileName, byte[] content, Variables variables) {
        ProblemSink sink = new ProblemSink(fileName);
        if (content.length > MAX_FILE_BYTES) {
            sink.error(Pos.FILE, "", ConfigFileReader.tooLarge(content.length));
            return new LoadResult(null, sink.problems(), "");
        }
        ConfigFileReader.Decoded decoded = ConfigFileReader.decode(content);
        String text = decoded.text();
        if (text == null) {
            sink.error(decoded.pos(), "", String.valueOf(decoded.problem()));
            return new LoadResult(null, sink.problems(), "");
        }
        String toml = !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
        // Bounded before tomlj sees it: the parser recurses once per level of nesting.
        Pos tooDeep = NestingScanner.tooDeep(toml);
        if (tooDeep != null) {
            sink.error(tooDeep, "", NestingScanner.TOO_DEEP);
            return new LoadResult(null, sink.problems(), text);
        }
        try {
            return parseToml(toml, text, sink, variables);
        } catch (StackOverflowError e) {
            // Only if the scan and tomlj ever read some broken text differently: still a problem, never a dead thread.
            sink.error(new Pos(1, 1), "", NestingScanner.TOO_DEEP);
            return new LoadResult(null, sink.problems(), text);
        }
    }

    private LoadResult parseToml(String toml, String text, ProblemSink sink, Variables variables) {
        List<BotSplitParser.Piece> pieces = splitParser == null ? null : splitParser.parse(toml);
        if (pieces == null) {
            TomlParseResult parsed = Toml.parse(toml);
            if (parsed.hasErrors()) {
                // A tree tomlj recovered from a syntax error is a guess; checking it would report ghosts.
                List<TomlParseError> errors = parsed.errors();
                for (TomlParseError error : errors.subList(0, Math.min(errors.size(), MAX_SYNTAX_ERRORS))) {
                    sink.error(Pos.of(error.position()), "", "invalid TOML: " + error.getMessage());
                }
                if (errors.size() > MAX_SYNTAX_ERRORS) {
                    // tomlj reports about one error per broken line: a mangled 1 MiB file gave hundreds of thousands.
                    sink.error(Pos.of(errors.get(MAX_SYNTAX_ERRORS).position()), "", "invalid TOML: "
                            + (errors.size() - MAX_SYNTAX_ERRORS) + " more syntax errors; fix the ones above and check again");
                }
                return new LoadResult(null, sink.problems(), text);
            }
            pieces = List.of(new BotSplitParser.Piece(parsed, 0));
        }
        BotsConfig config = new DocumentReader(sink, new Interpolator(variables.values())).read(pieces);
        return new LoadResult(sink.hasErrors() ? null : config, sink.problems(), text);
    }
}
