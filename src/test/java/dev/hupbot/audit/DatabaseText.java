package dev.hupbot.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads every text cell of the audit database in a data directory (through H2's shared access, so
 * the process that writes it may still run) and reports the cells that hold any of some strings:
 * how the tests prove no secret reached a row.
 */
public final class DatabaseText {
    private DatabaseText() {}

    /** {@code table.column#id: ...secret...} for every cell that contains one of {@code needles}. */
    public static List<String> cellsContaining(Path dataDir, Collection<String> needles, Set<String> skippedColumns) {
        List<String> found = new ArrayList<>();
        if (needles.isEmpty() || !AuditStore.exists(dataDir)) {
            return found;
        }
        try (Connection c = AuditStore.adminConnection(dataDir)) {
            for (String[] column : textColumns(c)) {
                String name = (column[0] + "." + column[1]).toLowerCase(Locale.ROOT);
                if (!skippedColumns.contains(name)) {
                    scan(c, column[0], column[1], name, needles, found);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit database in " + dataDir + ": " + e.getMessage(), e);
        }
        return found;
    }

    /** How many text cells there are in all: a scan that read nothing proves nothing. */
    public static long cellCount(Path dataDir) {
        try (Connection c = AuditStore.adminConnection(dataDir)) {
            long cells = 0;
            for (String[] column : textColumns(c)) {
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT COUNT(\"" + column[1] + "\") FROM \"" + column[0] + "\"")) {
                    rs.next();
                    cells += rs.getLong(1);
                }
            }
            return cells;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit database in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static List<String[]> textColumns(Connection c) throws SQLException {
        List<String[]> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT c.TABLE_NAME, c.COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS c"
                + " JOIN INFORMATION_SCHEMA.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME"
                + " WHERE c.TABLE_SCHEMA = 'PUBLIC' AND t.TABLE_TYPE = 'BASE TABLE'"
                + " AND c.DATA_TYPE IN ('CHARACTER VARYING', 'CHARACTER LARGE OBJECT', 'CHARACTER', 'VARCHAR_IGNORECASE')");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                columns.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        return columns;
    }

    private static void scan(Connection c, String table, String column, String name, Collection<String> needles,
            List<String> found) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT \"" + column + "\" FROM \"" + table + "\"")) {
            int row = 0;
            while (rs.next()) {
                row++;
                String cell = rs.getString(1);
                if (cell == null) {
                    continue;
                }
                for (String needle : needles) {
                    int at = cell.indexOf(needle);
                    if (at >= 0) {
                        found.add(name + " row " + row + ": ..." + cell.substring(Math.max(0, at - 40), Math.min(cell.length(), at + needle.length() + 10)) + "...");
                    }
                }
            }
        }
    }
}
