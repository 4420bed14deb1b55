package dev.hupbot.config;

import static dev.hupbot.config.Loading.STICKYMAN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

class RedactionProperties {
    /** A file that gets several problems, each place able to echo a value, all fed the same secret. */
    private static final String FILE = STICKYMAN.replace("[\"mychannel\"]", "[\"${CHANNEL_SECRET}\"]") + """
            role = "${ROLE_PASSWORD}"
            intro_message = "${INTRO_KEY}"
            [bots.ai]
            api_key = "${OPENROUTER_API_KEY}"
            base_url = "${URL_SECRET}"
            model = "${MODEL_TOKEN}"
            [bots.commands.hello]
            response = "hi"
            permission = "${PERMISSION_SECRET}"
            aliases = ["${ALIAS_SECRET}"]
            """;

    @Property(tries = 200)
    void noSecretValueAppearsInAnyProblem(
            @ForAll @AlphaChars @NumericChars @StringLength(min = 6, max = 40) String secret,
            @ForAll boolean withSpace) {
        String value = withSpace ? secret + " x" : secret;
        Map<String, String> env = new HashMap<>();
        for (String name : new String[] {"TWITCH_TOKEN_STICKYMAN", "CHANNEL_SECRET", "ROLE_PASSWORD", "INTRO_KEY",
            "OPENROUTER_API_KEY", "URL_SECRET", "MODEL_TOKEN", "PERMISSION_SECRET", "ALIAS_SECRET"}) {
            env.put(name, value);
        }
        LoadResult result = new ConfigLoader(env).parse("bots.toml", FILE.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (Problem problem : result.problems()) {
            assertThat(problem.format()).doesNotContain(secret);
        }
    }
}
