package dev.hupbot.ai;

/** No answer from any model. The message says why per model and never holds the API key. */
public final class LlmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LlmException(String message) {
        super(message);
    }
}
