package dev.hupbot.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The generated 1,000-bot file used for measuring is itself valid and under the size limit. */
class BigConfigTest {
    @Test
    void aThousandBotsLoadValid() {
        byte[] content = BigConfig.toml(1000).getBytes(StandardCharsets.UTF_8);
        assertThat((long) content.length).isLessThan(ConfigLoader.MAX_FILE_BYTES);
        LoadResult result = new ConfigLoader(BigConfig.env(1000)).parse("big.toml", content);
        assertThat(result.problems()).isEmpty();
        assertThat(result.config().bots()).hasSize(1000);
        assertThat(result.config().bot("bot_0999").orElseThrow().commands()).containsOnlyKeys("hello", "lurk");
    }
}
