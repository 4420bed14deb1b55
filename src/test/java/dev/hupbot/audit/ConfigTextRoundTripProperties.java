package dev.hupbot.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.jspecify.annotations.Nullable;

/** Whatever a config file holds, export gives back the same bytes, and equal texts share a version. */
class ConfigTextRoundTripProperties {
    private static final Instant T0 = Instant.parse("2026-11-27T01:16:12Z");

    private static Path dataDir = Path.of("");
    private static @Nullable AuditStore opened;

    @BeforeContainer
    static void open() throws IOException {
        dataDir = Files.createTempDirectory("hupbot-audit-properties");
        opened = AuditStore.open(dataDir);
    }

    @AfterContainer
    static void close() throws IOException {
        store().close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static AuditStore store() {
        return Objects.requireNonNull(opened, "opened before the properties run");
    }

    @Property(tries = 200)
    void theLoadedTextIsTheStoredTextByteForByte(@ForAll("fileTexts") String text) {
        long id = store().beginReload(Trigger.SIGHUP, T0, "bots.toml", 0);
        store().recordPlan(id, null, store().storeVersion(text, T0), List.of(), "");

        String loaded = store().loadedText(id).orElseThrow();

        assertThat(loaded.getBytes(StandardCharsets.UTF_8)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 100)
    void equalTextsShareOneVersionAndDifferentOnesDoNot(@ForAll("fileTexts") String a, @ForAll("fileTexts") String b) {
        long first = store().storeVersion(a, T0);

        assertThat(store().storeVersion(a, T0.plusSeconds(1))).isEqualTo(first);
        assertThat(store().storeVersion(b, T0) == first).isEqualTo(a.equals(b));
    }

    /** What a UTF-8 file decodes to: any code point (no lone surrogates), CR, LF, tabs, NUL. */
    @Provide
    Arbitrary<String> fileTexts() {
        Arbitrary<String> anyCodePoint = Arbitraries.integers()
                .between(0, Character.MAX_CODE_POINT)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
                .map(Character::toString);
        Arbitrary<String> lineBreaks = Arbitraries.of("\n", "\r\n", "\r", "\t", "\uFEFF", " ");
        Arbitrary<String> tomlish = Arbitraries.of("[[bots]]", "name = \"x\"", "\"\"\"", "${TOKEN}", "é", "😀");
        return Arbitraries.oneOf(anyCodePoint, lineBreaks, tomlish).list().ofMaxSize(300)
                .map(parts -> String.join("", parts));
    }
}
