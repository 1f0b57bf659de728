package org.nebulaha.oned.cli;

import java.util.List;
import org.nebulaha.oned.xmlrpc.OneXml;
import org.w3c.dom.Element;

/**
 * Small DOM helpers for the documents oned returns (parsed by {@link OneXml#parse}); child
 * lookup is {@link OneXml}'s, text is kept as sent (OneXml strips it) for the tools' output.
 */
final class Xml {
    private Xml() {}

    static Element parse(String xml) {
        try {
            return OneXml.parse(xml);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("oned sent unreadable XML: " + e.getMessage(), e);
        }
    }

    static List<Element> children(Element e, String name) {
        return OneXml.children(e, name);
    }

    static Element child(Element e, String name) {
        return OneXml.child(e, name);
    }

    static String text(Element e, String name) {
        Element c = child(e, name);
        return c == null ? "" : c.getTextContent();
    }

    static int num(Element e, String name) {
        try {
            return Integer.parseInt(text(e, name).strip());
        } catch (NumberFormatException x) {
            return -1;
        }
    }
}
