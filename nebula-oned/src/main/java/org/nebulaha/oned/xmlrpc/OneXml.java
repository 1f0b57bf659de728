package org.nebulaha.oned.xmlrpc;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reading oned's documents (oned's own stored bodies, and on the client side mm_sched, Sunstone and
 * the CLI): the one hardened parser, child elements by name and their text as strings or numbers.
 * Missing elements read as "" and numbers as -1.
 */
public final class OneXml {
    private OneXml() {}

    /**
     * The root element of {@code xml}. A document type declaration is refused (so no external
     * entity, no entity expansion bomb), entity references are not expanded, XInclude is off.
     *
     * @throws IllegalArgumentException saying why, when it is not one well-formed document
     */
    public static Element parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        } catch (Exception e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The child elements of {@code e} named {@code name} (every child element when name is null), in order. */
    public static List<Element> children(Element e, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling())
            if (n instanceof Element c && (name == null || c.getTagName().equals(name))) out.add(c);
        return out;
    }

    public static Element child(Element e, String name) {
        List<Element> l = children(e, name);
        return l.isEmpty() ? null : l.get(0);
    }

    public static String text(Element e, String name) {
        Element c = child(e, name);
        return c == null ? "" : c.getTextContent().strip();
    }

    /** The child's text as a number (oned may write "3" or "3.0"); -1 when missing or not a number. */
    public static long lng(Element e, String name) {
        try {
            return (long) Double.parseDouble(text(e, name));
        } catch (NumberFormatException x) {
            return -1;
        }
    }

    public static int num(Element e, String name) {
        return (int) lng(e, name);
    }
}
