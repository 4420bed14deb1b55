package dev.hupbot.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.config.Secret;
import org.junit.jupiter.api.Test;

class TextDiffTest {
    private static String fp(String secret) {
        return "\"" + Secret.of(secret).redacted() + "\"";
    }

    @Test
    void aChangedLineShowsWithThreeLinesOfContext() {
        String before = """
                [[bots]]
                name = "stickyman"
                channels = ["mychannel"]
                intro_message = "hey chat"
                reply_chance = 0.25
                min_delay_ms = 1000
                max_delay_ms = 3000
                [bots.ai]
                temperature = 0.7
                """;
        String after = before.replace("temperature = 0.7", "temperature = 0.9")
                .replace("name = \"stickyman\"", "name = \"stickyman\"\nenabled = true");

        assertThat(TextDiff.unified("config/bots.toml", before, "config/bots.toml", after)).isEqualTo("""
                --- a/config/bots.toml
                +++ b/config/bots.toml
                @@ -1,9 +1,10 @@
                 [[bots]]
                 name = "stickyman"
                +enabled = true
                 channels = ["mychannel"]
                 intro_message = "hey chat"
                 reply_chance = 0.25
                 min_delay_ms = 1000
                 max_delay_ms = 3000
                 [bots.ai]
                -temperature = 0.7
                +temperature = 0.9
                """);
    }

    /** What a start-up records: the whole file against nothing (a 1,000-bot file took 3 s before linear-space Myers). */
    @Test
    void theFirstVersionIsEveryLineAddedAndAnEmptiedFileEveryLineRemoved() {
        String file = "[[bots]]\nname = \"a_bot\"\nchannels = [\"mychannel\"]\n";
        assertThat(TextDiff.unified("bots.toml", "", "bots.toml", file)).isEqualTo("""
                --- a/bots.toml
                +++ b/bots.toml
                @@ -1,0 +1,3 @@
                +[[bots]]
                +name = "a_bot"
                +channels = ["mychannel"]
                """);
        assertThat(TextDiff.unified("bots.toml", file, "bots.toml", "")).isEqualTo("""
                --- a/bots.toml
                +++ b/bots.toml
                @@ -1,3 +1,0 @@
                -[[bots]]
                -name = "a_bot"
                -channels = ["mychannel"]
                """);
    }

    @Test
    void sameTextIsAnEmptyDiff() {
        assertThat(TextDiff.unified("a.toml", "name = \"x\"\n", "b.toml", "name = \"x\"\n")).isEmpty();
    }

    @Test
    void aTokenLiteralIsRedactedOnBothSidesAndTheSharedOneShowsTheSameFingerprint() {
        String before = """
                [[bots]]
                name = "a_bot"
                token = "oauth:aaaa1111"
                [[bots]]
                name = "b_bot"
                token = "oauth:shared-bbbb"
                """;
        String after = before.replace("oauth:aaaa1111", "oauth:aaaa2222");

        String diff = TextDiff.unified("old.toml", before, "new.toml", after);

        assertThat(diff).isEqualTo("""
                --- a/old.toml
                +++ b/new.toml
                @@ -1,6 +1,6 @@
                 [[bots]]
                 name = "a_bot"
                -token = %s
                +token = %s
                 [[bots]]
                 name = "b_bot"
                 token = %s
                """.formatted(fp("oauth:aaaa1111"), fp("oauth:aaaa2222"), fp("oauth:shared-bbbb")));
        assertThat(diff).doesNotContain("aaaa1111", "aaaa2222", "shared-bbbb");
    }

    @Test
    void theFingerprintIsTheSecretsSoTextAndFieldDiffsAgree() {
        assertThat(TextDiff.redact("api_key = \"sk-\\u0041b\\\"c\"\n"))
                .isEqualTo("api_key = " + fp("sk-Ab\"c") + "\n");
        assertThat(TextDiff.redact("api_key = 'C:\\raw'\n")).isEqualTo("api_key = " + fp("C:\\raw") + "\n");
    }

    @Test
    void referencesAndEmptyValuesAreKeptAsWritten() {
        String text = """
                token = "${TWITCH_TOKEN_STICKYMAN}"
                api_key = '${OPENROUTER_API_KEY}'
                refresh_token = ""
                secret = "${A}${B}"
                """;

        assertThat(TextDiff.redact(text)).isEqualTo(text);
    }

    @Test
    void aValueOfAHundredThousandReferencesIsKeptWithoutOverflowingTheStack() {
        String text = "token = \"" + "${A}".repeat(100_000) + "\"\n";
        assertThat(TextDiff.redact(text)).isEqualTo(text);
        assertThat(TextDiff.redact("token = \"" + "${A}".repeat(100_000) + "x\"\n")).doesNotContain("${A}");
    }

    @Test
    void aReferenceMixedWithLiteralTextIsRedacted() {
        assertThat(TextDiff.redact("token = \"oauth:${TOKEN}\"\n"))
                .isEqualTo("token = " + fp("oauth:${TOKEN}") + "\n");
        assertThat(TextDiff.redact("api_key = \"${KEY:-sk-fallback}\"\n")).doesNotContain("sk-fallback");
    }

    @Test
    void everySecretLookingKeyIsRedactedWhereverItIsWritten() {
        String text = """
                token = "t1"   # the bot's token
                refresh_token = "t2"
                ai.api_key = "t3"
                "api_key" = "t4"
                client_secret = "t5"
                DB_PASSWORD = "t6"
                ai = { model = "m", api_key = "t7", temperature = 0.5 }
                  apiKey="t8"
                """;

        assertThat(TextDiff.redact(text)).isEqualTo("""
                token = %s   # the bot's token
                refresh_token = %s
                ai.api_key = %s
                "api_key" = %s
                client_secret = %s
                DB_PASSWORD = %s
                ai = { model = "m", api_key = %s, temperature = 0.5 }
                  apiKey=%s
                """.formatted(fp("t1"), fp("t2"), fp("t3"), fp("t4"), fp("t5"), fp("t6"), fp("t7"), fp("t8")));
    }

    @Test
    void countsAndTextThatMerelyMentionATokenAreKept() {
        String text = """
                max_tokens = 150
                intro_message = "my token = abc"
                system_prompt = \"""
                You are a bot. Never say your api_key = "xyz".
                token = not a key here\"""
                rules = ["token = x", "no spam"]  # password = in a comment
                """;

        assertThat(TextDiff.redact(text)).isEqualTo(text);
    }

    @Test
    void aSecretValueSpanningLinesKeepsTheLineCountAndHidesEveryLine() {
        String text = """
                api_key = \"""
                sk-line-one
                sk-line-two\"""
                model = "m"
                passwords = [
                  "p1",
                  "p2" ]  # done
                """;

        assertThat(TextDiff.redact(text)).isEqualTo("""
                api_key = %s


                model = "m"
                passwords = %s

                  # done
                """.formatted(fp("sk-line-one\nsk-line-two"), fp("[\n  \"p1\",\n  \"p2\" ]")));
    }

    @Test
    void malformedSecretValuesAreHiddenToTheEndOfTheLine() {
        assertThat(TextDiff.redact("token = oauth:abc#def\n")).isEqualTo("token = " + fp("oauth:abc#def") + "\n");
        assertThat(TextDiff.redact("token = \"oauth:abc\n")).isEqualTo("token = " + fp("\"oauth:abc") + "\n");
        assertThat(TextDiff.redact("api_key = '''never closed\nsk-more\n"))
                .isEqualTo("api_key = " + fp("never closed\nsk-more\n") + "\n\n");
    }

    @Test
    void secretKeyNamesAreMatchedByWord() {
        assertThat(SecretRedactor.isSecretKey("token")).isTrue();
        assertThat(SecretRedactor.isSecretKey("refresh_token")).isTrue();
        assertThat(SecretRedactor.isSecretKey("api_key")).isTrue();
        assertThat(SecretRedactor.isSecretKey("apikey")).isTrue();
        assertThat(SecretRedactor.isSecretKey("webhook-secret")).isTrue();
        assertThat(SecretRedactor.isSecretKey("PASSWORD")).isTrue();
        assertThat(SecretRedactor.isSecretKey("max_tokens")).isFalse();
        assertThat(SecretRedactor.isSecretKey("model")).isFalse();
        assertThat(SecretRedactor.isSecretKey("history_size")).isFalse();
    }
}
