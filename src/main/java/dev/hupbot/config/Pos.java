package dev.hupbot.config;

import org.jspecify.annotations.Nullable;
import org.tomlj.TomlPosition;

/**
 * A 1-based line and column in the file. {@link #FILE} stands for the whole file: it is 1:1, not
 * 0:0, so that an editor or a terminal can still open FILE:LINE:COL at a real place.
 */
record Pos(int line, int column) {
    static final Pos FILE = new Pos(1, 1);

    static Pos of(@Nullable TomlPosition position) {
        return position == null ? FILE : new Pos(position.line(), position.column());
    }

    /** Where tomlj's position in a piece of the file that starts after {@code linesBefore} lines is in the file. */
    static Pos of(@Nullable TomlPosition position, int linesBefore) {
        return position == null ? FILE : new Pos(position.line() + linesBefore, position.column());
    }
}
