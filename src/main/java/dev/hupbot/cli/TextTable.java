package dev.hupbot.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Columns aligned with two spaces between them, as {@code ps} or {@code kubectl get} print them:
 * numbers right-aligned, text left-aligned, no trailing spaces.
 */
final class TextTable {
    private final List<String> header;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    /** A column name ending in {@code >} is right-aligned (the marker is not printed). */
    TextTable(String... columns) {
        header = new ArrayList<>(columns.length);
        rightAligned = new boolean[columns.length];
        for (int i = 0; i < columns.length; i++) {
            rightAligned[i] = columns[i].endsWith(">");
            header.add(rightAligned[i] ? columns[i].substring(0, columns[i].length() - 1) : columns[i]);
        }
    }

    TextTable row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("expected " + header.size() + " cells, got " + cells.length);
        }
        rows.add(List.of(cells));
        return this;
    }

    /** The table, each line prefixed with {@code indent} and ended with a newline. */
    String render(String indent) {
        int[] widths = new int[header.size()];
        for (List<String> line : lines()) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> line : lines()) {
            StringBuilder text = new StringBuilder(indent);
            for (int i = 0; i < widths.length; i++) {
                String cell = line.get(i);
                String padding = " ".repeat(widths[i] - cell.length());
                if (i > 0) {
                    text.append("  ");
                }
                text.append(rightAligned[i] ? padding + cell : cell + padding);
            }
            out.append(stripTrailing(text)).append('\n');
        }
        return out.toString();
    }

    private List<List<String>> lines() {
        List<List<String>> all = new ArrayList<>(rows.size() + 1);
        all.add(Collections.unmodifiableList(header));
        all.addAll(rows);
        return all;
    }

    private static String stripTrailing(StringBuilder text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == ' ') {
            end--;
        }
        return text.substring(0, end);
    }
}
