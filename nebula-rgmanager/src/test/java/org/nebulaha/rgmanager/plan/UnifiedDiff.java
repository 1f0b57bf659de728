package org.nebulaha.rgmanager.plan;

import java.util.ArrayList;
import java.util.List;

/** A small line diff (LCS) printed in unified style, for failing case files. */
final class UnifiedDiff {
    private UnifiedDiff() {}

    static String of(String aName, String a, String bName, String b) {
        String[] x = a.split("\n", -1);
        String[] y = b.split("\n", -1);
        int[][] lcs = new int[x.length + 1][y.length + 1];
        for (int i = x.length - 1; i >= 0; i--)
            for (int j = y.length - 1; j >= 0; j--)
                lcs[i][j] = x[i].equals(y[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
        List<String> out = new ArrayList<>();
        out.add("--- " + aName);
        out.add("+++ " + bName);
        int i = 0, j = 0;
        while (i < x.length || j < y.length) {
            if (i < x.length && j < y.length && x[i].equals(y[j])) { out.add(" " + x[i]); i++; j++; }
            else if (j < y.length && (i == x.length || lcs[i][j + 1] >= lcs[i + 1][j])) out.add("+" + y[j++]);
            else out.add("-" + x[i++]);
        }
        return String.join("\n", out);
    }
}
