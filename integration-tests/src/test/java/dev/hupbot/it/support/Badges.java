package dev.hupbot.it.support;

/** Chat badges a viewer can wear in {@link FakeTwitchServer#inject}; each maps to Twitch's badge tag. */
public enum Badges {
    BROADCASTER("broadcaster/1"),
    MODERATOR("moderator/1"),
    /** Twitch's lead moderator: the badge alone, without {@code mod=1} or {@code user-type=mod}, as Twitch sends it. */
    LEAD_MODERATOR("lead_moderator/1"),
    VIP("vip/1"),
    SUBSCRIBER("subscriber/12"),
    FOUNDER("founder/0");

    private final String tag;

    Badges(String tag) {
        this.tag = tag;
    }

    /** The badge as it appears in the {@code badges} tag, e.g. {@code moderator/1}. */
    public String tag() {
        return tag;
    }
}
