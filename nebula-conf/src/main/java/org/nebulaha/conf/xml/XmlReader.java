package org.nebulaha.conf.xml;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.nebulaha.conf.ConfException;

/**
 * Reads a cluster.conf document into an {@link XmlElement} tree that remembers the line and
 * column of every element. Text between elements is ignored (cluster.conf carries everything in
 * attributes); comments are dropped. DTDs and external entities are refused.
 */
public final class XmlReader {
    private XmlReader() {}

    public static XmlElement read(String text, String source) throws ConfException {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        XmlElement root = null;
        Deque<XmlElement> open = new ArrayDeque<>();
        List<int[]> starts = tagStarts(text);
        int elementIndex = 0;
        XMLStreamReader r = null;
        try {
            r = f.createXMLStreamReader(new StringReader(text));
            while (r.hasNext()) {
                int ev = r.next();
                switch (ev) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        int[] at = elementIndex < starts.size() ? starts.get(elementIndex) : new int[] {0, 0};
                        elementIndex++;
                        XmlElement e = new XmlElement(r.getLocalName(), at[0], at[1]);
                        for (int i = 0; i < r.getAttributeCount(); i++)
                            e.set(r.getAttributeLocalName(i), r.getAttributeValue(i));
                        if (open.isEmpty()) root = e;
                        else open.peek().append(e);
                        open.push(e);
                    }
                    case XMLStreamConstants.END_ELEMENT -> open.pop();
                    case XMLStreamConstants.CHARACTERS -> {
                        if (!r.isWhiteSpace() && !open.isEmpty()) {
                            Location loc = r.getLocation();
                            throw new ConfException(source, loc.getLineNumber(), loc.getColumnNumber(), open.peek().describe(),
                                    "unexpected text '" + r.getText().strip() + "'; cluster.conf keeps every setting in attributes");
                        }
                    }
                    case XMLStreamConstants.DTD -> throw new ConfException(source, r.getLocation().getLineNumber(),
                            r.getLocation().getColumnNumber(), null, "a DOCTYPE is not allowed in cluster.conf");
                    default -> { }
                }
            }
        } catch (XMLStreamException e) {
            Location loc = e.getLocation();
            String msg = e.getMessage();
            // StAX prefixes "ParseError at [row,col]:[l,c]\nMessage: "; keep only the message.
            int m = msg == null ? -1 : msg.indexOf("Message: ");
            if (m >= 0) msg = msg.substring(m + 9);
            throw new ConfException(source, loc == null ? 0 : loc.getLineNumber(), loc == null ? 0 : loc.getColumnNumber(),
                    null, "not well-formed XML: " + msg);
        } finally {
            if (r != null) try { r.close(); } catch (XMLStreamException ignored) { }
        }
        if (root == null) throw new ConfException(source, 1, 1, null, "the file is empty; expected a <cluster> element");
        return root;
    }

    /**
     * Line and column of the '&lt;' that opens each element, in document order. StAX reports
     * where a start tag ends (or later, for empty elements); error messages should point where it
     * begins. Comments, CDATA, processing instructions and end tags are skipped.
     */
    static List<int[]> tagStarts(String text) {
        List<int[]> r = new ArrayList<>();
        int line = 1;
        int lineStart = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                lineStart = i + 1;
                i++;
                continue;
            }
            if (c == '<') {
                String close = text.startsWith("<!--", i) ? "-->" : text.startsWith("<![CDATA[", i) ? "]]>"
                        : text.startsWith("<?", i) ? "?>" : text.startsWith("<!", i) || text.startsWith("</", i) ? ">" : null;
                if (close == null) {
                    r.add(new int[] {line, i - lineStart + 1});
                    i++;
                    continue;
                }
                int end = text.indexOf(close, i);
                int stop = end < 0 ? n : end + close.length();
                for (int k = i; k < stop; k++) {
                    if (text.charAt(k) == '\n') {
                        line++;
                        lineStart = k + 1;
                    }
                }
                i = stop;
                continue;
            }
            i++;
        }
        return r;
    }
}
