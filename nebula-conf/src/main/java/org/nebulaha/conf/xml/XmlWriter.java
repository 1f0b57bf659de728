package org.nebulaha.conf.xml;

import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a cluster.conf tree the same way every time: two-space indent, one element per line,
 * attributes sorted by name (the layout ccs produced, and the one the guide prints), empty
 * elements self-closed.
 */
public final class XmlWriter {
    private XmlWriter() {}

    /** The whole document, with the XML declaration and a final newline. */
    public static String document(XmlElement root) {
        return "<?xml version=\"1.0\"?>\n" + write(root);
    }

    public static String write(XmlElement root) {
        StringBuilder sb = new StringBuilder();
        write(root, 0, sb);
        return sb.toString();
    }

    private static void write(XmlElement e, int depth, StringBuilder sb) {
        sb.append("  ".repeat(depth)).append('<').append(e.name());
        for (Map.Entry<String, String> a : new TreeMap<>(e.attributes()).entrySet())
            sb.append(' ').append(a.getKey()).append("=\"").append(escape(a.getValue())).append('"');
        if (e.children().isEmpty()) {
            sb.append("/>\n");
            return;
        }
        sb.append(">\n");
        for (XmlElement c : e.children()) write(c, depth + 1, sb);
        sb.append("  ".repeat(depth)).append("</").append(e.name()).append(">\n");
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\n' -> sb.append("&#10;");
                case '\t' -> sb.append("&#9;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
