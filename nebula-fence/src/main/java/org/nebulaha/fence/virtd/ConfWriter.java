package org.nebulaha.fence.virtd;

/** Writes a {@link ConfBlock} tree in the layout fence_virtd uses (tabs, one assignment per line). */
public final class ConfWriter {
    private ConfWriter() {}

    public static String write(ConfBlock root) {
        StringBuilder sb = new StringBuilder();
        for (ConfBlock b : root.blocks()) {
            block(sb, b, 0);
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void block(StringBuilder sb, ConfBlock b, int depth) {
        String ind = "\t".repeat(depth);
        sb.append(ind).append(b.name()).append(" {\n");
        for (ConfBlock.Assignment a : b.assignments()) {
            if (a.value().contains("\"") || a.value().contains("\n"))
                throw new IllegalArgumentException("value of " + a.key() + " cannot contain quotes or newlines: " + a.value());
            sb.append(ind).append('\t').append(a.key()).append(" = \"").append(a.value()).append("\";\n");
        }
        for (ConfBlock c : b.blocks()) block(sb, c, depth + 1);
        sb.append(ind).append("}\n");
    }
}
