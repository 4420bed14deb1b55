package dev.hupbot.bot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlaceholdersTest {
    private final Placeholders values = new Placeholders("Viewer", "mychannel", "some args", "stickyman");

    @Test
    void fillsEveryKnownPlaceholder() {
        assertThat(values.apply("{user} in {channel} said {args} to {bot}"))
                .isEqualTo("Viewer in mychannel said some args to stickyman");
    }

    @Test
    void fillsRepeatedPlaceholders() {
        assertThat(values.apply("{user}{user}")).isEqualTo("ViewerViewer");
    }

    @Test
    void leavesUnknownNamesAndStrayBracesAsWritten() {
        assertThat(values.apply("{foo} {} { user } {User} {user {")).isEqualTo("{foo} {} { user } {User} {user {");
        assertThat(values.apply("}{user}{")).isEqualTo("}Viewer{");
    }

    @Test
    void findsAPlaceholderRightAfterAnUnmatchedBrace() {
        assertThat(values.apply("{a{user}")).isEqualTo("{aViewer");
    }

    @Test
    void neverExpandsWhatASubstitutedValueContains() {
        Placeholders sneaky = new Placeholders("Viewer", "mychannel", "{bot} {user}", "stickyman");

        assertThat(sneaky.apply("echo: {args}")).isEqualTo("echo: {bot} {user}");
    }

    @Test
    void timersLeaveUserAndArgsAsWritten() {
        assertThat(Placeholders.forTimer("mychannel", "stickyman").apply("{bot} in {channel}: hi {user} {args}"))
                .isEqualTo("stickyman in mychannel: hi {user} {args}");
    }
}
