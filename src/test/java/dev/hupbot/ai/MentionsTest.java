package dev.hupbot.ai;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MentionsTest {
    @ParameterizedTest
    @ValueSource(strings = {"@stickyman hi", "hi @StickyMan", "stickyman what's up", "hey,stickyman!", "STICKYMAN",
            "is that you stickyman?", "stickyman's jokes", "@stickyman:"})
    void namesTheBot(String text) {
        assertThat(Mentions.names(text, "stickyman")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"stickymanfan here", "the_stickyman is", "stickyman2", "sticky man", "", "@sticky"})
    void doesNotNameTheBot(String text) {
        assertThat(Mentions.names(text, "stickyman")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"professor_pebble?", "@Professor_Pebble tell me", "ask professor_pebble"})
    void namesWithUnderscoresAreWholeWords(String text) {
        assertThat(Mentions.names(text, "professor_pebble")).isTrue();
    }
}
