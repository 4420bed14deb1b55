package dev.hupbot.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpellingTest {
    private static final List<String> AI_KEYS = List.copyOf(KeyCatalogue.AI.names());

    @Test
    void camelCaseBecomesSnakeCase() {
        assertThat(Spelling.snakeCase("systemPrompt")).isEqualTo("system_prompt");
        assertThat(Spelling.snakeCase("maxTokens")).isEqualTo("max_tokens");
        assertThat(Spelling.snakeCase("fallbackModels")).isEqualTo("fallback_models");
        assertThat(Spelling.snakeCase("introMessage")).isEqualTo("intro_message");
        assertThat(Spelling.snakeCase("APIKey")).isEqualTo("api_key");
        assertThat(Spelling.snakeCase("history-ttl-seconds")).isEqualTo("history_ttl_seconds");
    }

    @Test
    void closestFindsTyposAndNormalisedSpellings() {
        assertThat(Spelling.closest("systemPrompt", AI_KEYS)).contains("system_prompt");
        assertThat(Spelling.closest("SYSTEM_PROMPT", AI_KEYS)).contains("system_prompt");
        assertThat(Spelling.closest("temprature", AI_KEYS)).contains("temperature");
        assertThat(Spelling.closest("max_token", AI_KEYS)).contains("max_tokens");
        assertThat(Spelling.closest("modle", AI_KEYS)).contains("model");
    }

    @Test
    void unrelatedWordsGetNoSuggestion() {
        assertThat(Spelling.closest("colour", AI_KEYS)).isEmpty();
        assertThat(Spelling.closest("x", AI_KEYS)).isEmpty();
    }

    @Test
    void distanceCountsSwapsAsOneEdit() {
        assertThat(Spelling.distance("modle", "model")).isEqualTo(1);
        assertThat(Spelling.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Spelling.distance("", "abc")).isEqualTo(3);
    }
}
