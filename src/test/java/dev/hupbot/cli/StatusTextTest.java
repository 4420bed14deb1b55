package dev.hupbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The human form of {@code hupbot status}: relative times, the running version, the last reload. */
class StatusTextTest {
    private static final Instant NOW = Instant.parse("2026-12-02T05:30:00Z");

    @Test
    void readsLikeAStatusTable() throws Exception {
        JsonNode root = new ObjectMapper().readTree("""
                {"pid": 4242, "updated_at": "2026-12-02T05:29:59.123456789Z",
                 "config_version": 7,
                 "last_reload": {"id": 12, "trigger": "SIGHUP", "outcome": "APPLIED",
                                 "finished_at": "2026-12-02T05:26:10.5Z"},
                 "bots": [
                   {"name": "stickyman", "enabled": true, "connected": true, "channels": ["mychannel"],
                    "messages_in": 40, "messages_out": 12,
                    "last_message_in": "2026-12-02T05:29:48Z", "last_message_out": "2026-12-02T03:10:00Z"},
                   {"name": "sleepy", "enabled": false, "connected": false, "channels": [],
                    "messages_in": 0, "messages_out": 0, "last_message_in": null, "last_message_out": null}
                 ]}
                """);
        StringWriter text = new StringWriter();
        StatusCommand.print(root, new PrintWriter(text, true), NOW);

        Snapshots.assertMatches("status.txt", text.toString());
    }

    @Test
    void saysHowLongAgoInUnitsPeopleUse() {
        assertThat(ago("2026-12-02T05:30:00Z")).isEqualTo("just now");
        assertThat(ago("2026-12-02T05:29:01Z")).isEqualTo("59 s ago");
        assertThat(ago("2026-12-02T05:20:00Z")).isEqualTo("10 min ago");
        assertThat(ago("2026-12-02T01:30:00Z")).isEqualTo("4 h ago");
        assertThat(ago("2026-11-25T05:30:00Z")).isEqualTo("7 d ago");
        assertThat(ago("2026-12-02T05:31:00Z")).as("a clock step backwards").isEqualTo("just now");
        assertThat(ago("not a time")).isEqualTo("-");
    }

    private static String ago(String at) {
        return StatusCommand.ago(TextNode.valueOf(at), NOW);
    }
}
