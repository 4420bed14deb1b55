package dev.hupbot.ai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hupbot.chat.ChatMessage;
import dev.hupbot.config.Permission;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SeenLinesTest {
    private final SeenLines seen = new SeenLines(3);

    @Test
    void aLineIsNewOnlyTheFirstTime() {
        ChatMessage hello = TestAi.line("viewer", "hello");

        assertThat(seen.firstSight(hello, false)).isTrue();
        assertThat(seen.firstSight(hello, false)).isFalse();
        assertThat(seen.firstSight(TestAi.line("viewer", "hello"), false)).as("same text, another id").isTrue();
    }

    @Test
    void aCommandAnswerReportedLaterIsRemembered() {
        ChatMessage hello = TestAi.line("viewer", "!hello");

        seen.firstSight(hello, false);
        assertThat(seen.answeredByCommand(hello)).isFalse();
        seen.firstSight(hello, true);
        seen.firstSight(hello, false);

        assertThat(seen.answeredByCommand(hello)).isTrue();
    }

    @Test
    void memoryIsBoundedByForgettingTheOldestLines() {
        ChatMessage first = TestAi.line("viewer", "1");
        seen.firstSight(first, false);
        for (int i = 2; i <= 4; i++) {
            seen.firstSight(TestAi.line("viewer", String.valueOf(i)), false);
        }

        assertThat(seen.firstSight(first, false)).isTrue();
    }

    @Test
    void linesWithoutAnIdAreKnownByWhatTheyAre() {
        ChatMessage noId = new ChatMessage("mychannel", "viewer", "Viewer", "hi", Permission.EVERYONE, Instant.EPOCH);
        ChatMessage sameLine = new ChatMessage("#MyChannel", "viewer", "Viewer", "hi", Permission.EVERYONE, Instant.EPOCH);
        ChatMessage later = new ChatMessage("mychannel", "viewer", "Viewer", "hi", Permission.EVERYONE, Instant.EPOCH.plusMillis(1));

        assertThat(seen.firstSight(noId, false)).isTrue();
        assertThat(seen.firstSight(sameLine, false)).isFalse();
        assertThat(seen.firstSight(later, false)).isTrue();
    }
}
