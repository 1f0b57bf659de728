package org.nebulaha.conf.xml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One element of a cluster.conf document: name, attributes in document order, child elements,
 * and where it stood in the file. This generic tree is what {@code ccs} edits and what is written
 * back, so elements and attributes the typed model does not know survive every round trip.
 */
public final class XmlElement {
    private final String name;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final List<XmlElement> children = new ArrayList<>();
    private XmlElement parent;
    private final int line;
    private final int column;

    public XmlElement(String name) {
        this(name, 0, 0);
    }

    public XmlElement(String name, int line, int column) {
        this.name = name;
        this.line = line;
        this.column = column;
    }

    public String name() { return name; }
    public int line() { return line; }
    public int column() { return column; }
    public XmlElement parent() { return parent; }

    public Map<String, String> attributes() { return Collections.unmodifiableMap(attributes); }

    public String attr(String key) { return attributes.get(key); }

    public Optional<String> optAttr(String key) { return Optional.ofNullable(attributes.get(key)); }

    public boolean hasAttr(String key) { return attributes.containsKey(key); }

    public XmlElement set(String key, String value) {
        attributes.put(key, value);
        return this;
    }

    public void removeAttr(String key) { attributes.remove(key); }

    public void clearAttributes() { attributes.clear(); }

    public List<XmlElement> children() { return Collections.unmodifiableList(children); }

    public List<XmlElement> children(String childName) {
        List<XmlElement> r = new ArrayList<>();
        for (XmlElement c : children) if (c.name.equals(childName)) r.add(c);
        return r;
    }

    public Optional<XmlElement> child(String childName) {
        for (XmlElement c : children) if (c.name.equals(childName)) return Optional.of(c);
        return Optional.empty();
    }

    /** The first child named {@code childName}, appended if there is none. */
    public XmlElement childOrCreate(String childName) {
        return child(childName).orElseGet(() -> append(new XmlElement(childName)));
    }

    /** The first child whose {@code key} attribute equals {@code value}. */
    public Optional<XmlElement> childWith(String childName, String key, String value) {
        for (XmlElement c : children)
            if (c.name.equals(childName) && value.equals(c.attr(key))) return Optional.of(c);
        return Optional.empty();
    }

    public XmlElement append(XmlElement child) {
        child.parent = this;
        children.add(child);
        return child;
    }

    public boolean remove(XmlElement child) {
        boolean removed = children.remove(child);
        if (removed) child.parent = null;
        return removed;
    }

    /** Every descendant (not this element) named {@code descendantName}, in document order. */
    public List<XmlElement> descendants(String descendantName) {
        List<XmlElement> r = new ArrayList<>();
        for (XmlElement c : children) {
            if (c.name.equals(descendantName)) r.add(c);
            r.addAll(c.descendants(descendantName));
        }
        return r;
    }

    public XmlElement deepCopy() {
        XmlElement copy = new XmlElement(name, line, column);
        copy.attributes.putAll(attributes);
        for (XmlElement c : children) copy.append(c.deepCopy());
        return copy;
    }

    /** How error messages name this element: {@code <clusternode name="node3">}. */
    public String describe() {
        StringBuilder sb = new StringBuilder("<").append(name);
        for (String key : new String[] {"name", "address", "ref"}) {
            if (attributes.containsKey(key)) {
                sb.append(' ').append(key).append("=\"").append(attributes.get(key)).append('"');
                break;
            }
        }
        return sb.append('>').toString();
    }

    @Override
    public String toString() {
        return XmlWriter.write(this);
    }
}
