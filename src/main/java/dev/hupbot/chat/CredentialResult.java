package dev.hupbot.chat;

/**
 * What a {@link ChatConnection#replaceCredential} came to.
 *
 * @param applied whether the bot now chats with the new credential
 * @param detail what happened, in the words of the log (never a token); for a failure, why, with the fix
 */
public record CredentialResult(boolean applied, String detail) {
    public static CredentialResult applied(String detail) {
        return new CredentialResult(true, detail);
    }

    public static CredentialResult failed(String reason) {
        return new CredentialResult(false, reason);
    }
}
