package org.nebulaha.conf.xml;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
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
        XMLStreamReader r = null;
        try {
            r = f.createXMLStreamReader(new StringReader(text));
            while (r.hasNext()) {
                int ev = r.next();
                switch (ev) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        Location loc = r.getLocation();
                        XmlElement e = new XmlElement(r.getLocalName(), loc.getLineNumber(), loc.getColumnNumber());
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
}
