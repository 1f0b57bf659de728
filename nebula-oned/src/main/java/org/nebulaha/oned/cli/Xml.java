package org.nebulaha.oned.cli;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.nebulaha.oned.xmlrpc.OneXml;
import org.w3c.dom.Element;

/**
 * Small DOM helpers for the documents oned returns (DTDs and external entities disabled); child
 * lookup is {@link OneXml}'s, text is kept as sent (OneXml strips it) for the tools' output.
 */
final class Xml {
    private Xml() {}

    static Element parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        } catch (Exception e) {
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
