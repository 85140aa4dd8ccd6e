package io.ripcord.report;

import io.ripcord.units.Counted;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A listing as aligned columns, each as wide as its widest cell (a long runbook name or path widens its column
 * instead of pushing the rest out of line), two spaces apart; the last column is never padded.
 */
public final class TextTable {

    private static final String GAP = "  ";

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    public TextTable(String... headers) {
        this.columns = headers.length;
        rows.add(headers);
    }

    public TextTable row(Object... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("a row of " + Counted.of(cells.length, "cell") + " in a table of " + Counted.of(columns, "column"));
        }
        rows.add(Arrays.stream(cells).map(c -> c == null ? "" : String.valueOf(c)).toArray(String[]::new));
        return this;
    }

    /** The header and every row, each line ending in a newline. */
    public String render() {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length())).append(GAP);
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
