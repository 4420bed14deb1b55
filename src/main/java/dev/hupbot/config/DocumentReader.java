package dev.hupbot.config;

import dev.hupbot.config.Interpolator.Resolution;
import dev.hupbot.config.Node.Branch;
import dev.hupbot.config.SectionReader.Where;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/**
 * The whole parsed file: top-level tables, [defaults], each [[bots]] merged and assembled, and
 * the checks across bots (unique names, at least one enabled bot).
 */
final class DocumentReader {
    private static final Pattern LOGIN = Pattern.compile("[a-z0-9_]{3,25}");
    private static final Pattern STEM = Pattern.compile("[A-Za-z0-9_]{1,25}");

    private final ProblemSink sink;
    private final Interpolator interpolator;
    private final SectionReader reader;
    private final BotAssembler assembler;

    DocumentReader(ProblemSink sink, Interpolator interpolator) {
        this.sink = sink;
        this.interpolator = interpolator;
        this.reader = new SectionReader(sink, interpolator);
        this.assembler = new BotAssembler(sink);
    }

    /** The file as parsed pieces, in file order (one piece when it was parsed whole). */
    BotsConfig read(List<BotSplitParser.Piece> pieces) {
        Branch defaults = new Branch(Map.of(), Set.of(), Pos.FILE);
        List<Entry> bots = new ArrayList<>();
        boolean botsWritten = false;
        for (BotSplitParser.Piece piece : pieces) {
            TomlTable document = piece.table();
            for (String key : document.keySet()) {
                List<String> keyPath = List.of(key);
                Pos at = Pos.of(document.inputPositionOf(keyPath), piece.lineOffset());
                Object value = document.get(keyPath);
                switch (key) {
                    case "defaults" -> {
                        if (value instanceof TomlTable table) {
                            defaults = reader.linesBefore(piece.lineOffset())
                                    .read(table, KeyCatalogue.DEFAULTS, new Where("defaults", "defaults", null), at);
                        } else {
                            sink.error(at, "defaults", "expected a table ([defaults]), got " + Values.describe(value, false));
                        }
                    }
                    case "bots" -> {
                        botsWritten = true;
                        if (value instanceof TomlArray array) {
                            for (int i = 0; i < array.size(); i++) {
                                bots.add(new Entry(array.get(i), Pos.of(array.inputPositionOf(i), piece.lineOffset()),
                                        piece.lineOffset()));
                            }
                        } else if (value instanceof TomlTable) {
                            sink.error(at, "bots", "expected [[bots]] (an array of tables), got a table; write [[bots]] with double brackets");
                        } else {
                            sink.error(at, "bots", "expected [[bots]] tables, got " + Values.describe(value, false));
                        }
                    }
                    default -> unknownTopLevel(key, value, at);
                }
            }
        }
        return bots(defaults, botsWritten ? bots : null);
    }

    /** One [[bots]] element, where it is, and the lines before the piece it was parsed from. */
    private record Entry(@Nullable Object value, Pos at, int linesBefore) {}

    private BotsConfig bots(Branch defaults, @Nullable List<Entry> bots) {
        if (bots == null || bots.isEmpty()) {
            sink.error(Pos.FILE, "", "no enabled bot; refusing to stop every bot — add a [[bots]] table with name and token");
            return new BotsConfig(List.of());
        }
        List<BotConfig> configs = new ArrayList<>();
        Map<String, Pos> firstSeen = new HashMap<>();
        // An invalid `enabled` counts as enabled: one mistake should not also claim the file stops every bot.
        boolean maybeEnabled = false;
        for (int i = 0; i < bots.size(); i++) {
            Entry entry = bots.get(i);
            Pos at = entry.at();
            if (!(entry.value() instanceof TomlTable table)) {
                sink.error(at, "bots[" + i + "]", "expected a table ([[bots]]), got " + Values.describe(entry.value(), false));
                continue;
            }
            String written = peekName(table);
            String name = written != null && LOGIN.matcher(written).matches() ? written : null;
            String label = name == null ? "bots[" + i + "]" : "bots[" + name + "]";
            // Suggested variable names (TWITCH_TOKEN_STICKYMAN) work even from a mis-cased name.
            String stem = written != null && STEM.matcher(written).matches() ? written : null;
            Where where = new Where(label, "bots", stem);
            Branch own = reader.linesBefore(entry.linesBefore()).read(table, KeyCatalogue.BOT, where, at);
            reader.requireKeys(own, KeyCatalogue.BOT, where, at);
            Branch merged = DefaultsMerger.merge(defaults, own);
            maybeEnabled |= merged.bool("enabled", BotAssembler.DEFAULT_ENABLED) || merged.invalid("enabled");
            if (name != null) {
                Node.Leaf nameLeaf = own.leaf("name");
                Pos nameAt = nameLeaf == null ? at : nameLeaf.pos();
                Pos first = firstSeen.putIfAbsent(name, nameAt);
                if (first != null) {
                    sink.error(nameAt, label, "duplicate bot name '" + name + "' (first defined at line " + first.line()
                            + "); bot names must be unique");
                }
            }
            configs.add(assembler.assemble(merged, own, label, name == null ? merged.string("name", "") : name, stem));
        }
        if (!maybeEnabled) {
            sink.error(Pos.FILE, "", "no enabled bot; refusing to stop every bot — set enabled = true on at least one bot");
        }
        return new BotsConfig(configs);
    }

    /**
     * The bot's name as written, if it is a plain string: problem paths use it when it is a
     * valid login (else {@code bots[INDEX]}); its problems are reported when the table is read.
     */
    private @Nullable String peekName(TomlTable table) {
        if (!(table.get(List.of("name")) instanceof String raw)) {
            return null;
        }
        Resolution resolved = interpolator.resolve(raw);
        if (!resolved.missing().isEmpty() || resolved.malformed() || resolved.sensitive()) {
            return null;
        }
        return resolved.value();
    }

    private void unknownTopLevel(String key, @Nullable Object value, Pos at) {
        boolean table = value instanceof TomlTable;
        boolean tables = value instanceof TomlArray array && !array.isEmpty() && array.get(0) instanceof TomlTable;
        if (table || tables) {
            String written = table ? "[" + key + "]" : "[[" + key + "]]";
            Optional<String> close = Spelling.closest(key, List.of("defaults", "bots"));
            String fix = close.map(c -> "did you mean " + (c.equals("bots") ? "[[bots]]" : "[defaults]") + "?")
                    .orElse("the file holds only [defaults] and [[bots]] tables");
            sink.error(at, "", "unknown table " + written + "; " + fix);
        } else if (KeyCatalogue.BOT.key(key) != null) {
            sink.error(at, "", "'" + key + "' is outside any table; move it below a [[bots]] header, or into [defaults]");
        } else {
            sink.error(at, "", "unknown key '" + key + "'; the file holds only [defaults] and [[bots]] tables");
        }
    }
}
