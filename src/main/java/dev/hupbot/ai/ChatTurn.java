package dev.hupbot.ai;

import java.util.Locale;

/** One message of a Chat Completions conversation. */
public record ChatTurn(Role role, String content) {
    /** OpenAI's roles; {@link #wire()} is how the API spells them. */
    public enum Role {
        SYSTEM,
        USER,
        ASSISTANT;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static ChatTurn system(String content) {
        return new ChatTurn(Role.SYSTEM, content);
    }

    public static ChatTurn user(String content) {
        return new ChatTurn(Role.USER, content);
    }

    public static ChatTurn assistant(String content) {
        return new ChatTurn(Role.ASSISTANT, content);
    }
}
