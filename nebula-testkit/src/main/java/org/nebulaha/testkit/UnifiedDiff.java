package org.nebulaha.testkit;

import java.util.ArrayList;
import java.util.List;

/** A small line diff (LCS) printed in unified style, for failing case files. */
public final class UnifiedDiff {
    private UnifiedDiff() {}

    public static String of(String aName, String a, String bName, String b) {
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
            else if (i < x.length && (j == y.length || lcs[i + 1][j] >= lcs[i][j + 1])) out.add("-" + x[i++]); // removals first, as diff -u
            else out.add("+" + y[j++]);
        }
        return String.join("\n", out);
    }
}
