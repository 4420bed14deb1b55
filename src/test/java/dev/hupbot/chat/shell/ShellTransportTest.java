package dev.hupbot.chat.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class ShellTransportTest {
    @Test
    void aLineIsCutAtTheLimitAndTheRestOfItSkipped() throws IOException {
        StringReader in = new StringReader("a".repeat(50) + "\r\nnext\nlast");
        assertThat(ShellTransport.readLine(in, 10)).isEqualTo("a".repeat(10));
        assertThat(ShellTransport.readLine(in, 10)).isEqualTo("next");
        assertThat(ShellTransport.readLine(in, 10)).isEqualTo("last");
        assertThat(ShellTransport.readLine(in, 10)).isNull();
    }

    @Test
    void aLineNothingAnsweredSaysWhy() {
        ShellTransport.LineNotes unknown = new ShellTransport.LineNotes();
        unknown.add(ShellTransport.CommandOutcome.UNKNOWN, "!foo", 0);
        unknown.add(ShellTransport.CommandOutcome.UNKNOWN, "!foo", 0);
        assertThat(unknown.note()).isEqualTo("no bot knows !foo");

        ShellTransport.LineNotes cooling = new ShellTransport.LineNotes();
        cooling.add(ShellTransport.CommandOutcome.NOT_ANSWERED, "!lurk", 0);
        cooling.add(ShellTransport.CommandOutcome.COOLDOWN, "!lurk", 12);
        cooling.add(ShellTransport.CommandOutcome.COOLDOWN, "!lurk", 7);
        assertThat(cooling.note()).isEqualTo("!lurk is on cooldown for 7 s more");
    }

    @Test
    void noNoteWhenABotAnsweredOrKnowsTheCommand() {
        ShellTransport.LineNotes answered = new ShellTransport.LineNotes();
        answered.add(ShellTransport.CommandOutcome.COOLDOWN, "!hello", 3);
        answered.add(ShellTransport.CommandOutcome.ANSWERED, "!hello", 0);
        assertThat(answered.note()).isNull();

        ShellTransport.LineNotes known = new ShellTransport.LineNotes();
        known.add(ShellTransport.CommandOutcome.UNKNOWN, "!so", 0);
        known.add(ShellTransport.CommandOutcome.NOT_ANSWERED, "!so", 0); // a bot has it, for moderators only
        assertThat(known.note()).isNull();
    }
}
