package dev.hupbot.diff;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Reloads redact only the lines that changed since the previous version and diff only the lines
 * between the common beginning and end; neither may change what is stored or shown.
 */
class IncrementalRedactionProperties {
    /** Lines that open, close or hold secret values, strings and arrays, and lines that do not. */
    private static final List<String> LINES = List.of(
            "token = \"oauth:abc123\"", "api_key = \"\"\"", "sk-multi-line-secret\"\"\"", "\"\"\"", "'''",
            "system_prompt = \"\"\"", "prompt = '''", "tokens = [", "\"oauth:one\",", "]", "password = ['x',", "  'y']",
            "name = \"x\" # token = \"q\"", "[bots]", "[[bots]]", "key = 'literal-key'", "refresh_token = \"${A}\"",
            "client_secret = { value = \"s3cr3t\" }", "channels = [\"a\", \"b\"]", "max_tokens = 150", "", "# comment",
            "text with token = \"inside\" a prompt", "secret = \"unterminated");

    @Property(tries = 2000)
    void redactingFromAnEarlierVersionGivesTheFullScansLines(@ForAll("versions") List<List<String>> versions) {
        SecretRedactor.Redaction earlier = null;
        for (List<String> version : versions) {
            SecretRedactor.Redaction reused = SecretRedactor.redact(version, earlier);
            SecretRedactor.Redaction full = SecretRedactor.redact(version, null);
            assertThat(reused.lines()).isEqualTo(full.lines()).isEqualTo(SecretRedactor.redact(version));
            assertThat(reused.resumable()).isEqualTo(full.resumable());
            earlier = reused;
        }
    }

    @Property(tries = 1000)
    void aChainOfDiffsShowsWhatSeparateDiffsShow(@ForAll("versions") List<List<String>> versions) throws Exception {
        TextDiff.Chain chain = new TextDiff.Chain();
        for (int i = 1; i < versions.size(); i++) {
            String before = text(versions.get(i - 1));
            String after = text(versions.get(i));
            String diff = chain.unified("bots.toml", before, "bots.toml", after);
            assertThat(diff).isEqualTo(TextDiff.unified("bots.toml", before, "bots.toml", after));
            // The diff taken between the common beginning and end still turns one redacted text into the other.
            List<String> from = SecretRedactor.redact(versions.get(i - 1));
            List<String> to = SecretRedactor.redact(versions.get(i));
            List<String> patched = diff.isEmpty() ? from
                    : DiffUtils.patch(from, UnifiedDiffUtils.parseUnifiedDiff(diff.lines().toList()));
            assertThat(patched).isEqualTo(to);
        }
    }

    private static String text(List<String> lines) {
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    /** A file and up to four later versions, each a few line edits away from the one before. */
    @Provide
    Arbitrary<List<List<String>>> versions() {
        Arbitrary<String> line = Arbitraries.of(LINES);
        Arbitrary<int[]> edit = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 100),
                Arbitraries.integers().between(0, LINES.size() - 1)).as((k, w, l) -> new int[] {k, w, l});
        return Combinators.combine(line.list().ofMaxSize(30), edit.list().ofMaxSize(3).list().ofMaxSize(4))
                .as((first, edits) -> {
                    List<List<String>> versions = new ArrayList<>();
                    versions.add(first);
                    for (List<int[]> step : edits) {
                        List<String> next = new ArrayList<>(versions.get(versions.size() - 1));
                        for (int[] e : step) {
                            int at = e[1] % (next.size() + 1);
                            if (e[0] == 0 || next.isEmpty()) {
                                next.add(at, LINES.get(e[2]));
                            } else if (e[0] == 1) {
                                next.remove(Math.min(at, next.size() - 1));
                            } else {
                                next.set(Math.min(at, next.size() - 1), LINES.get(e[2]));
                            }
                        }
                        versions.add(next);
                    }
                    return versions;
                });
    }
}
