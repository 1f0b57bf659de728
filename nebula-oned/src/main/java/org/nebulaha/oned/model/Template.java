package org.nebulaha.oned.model;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * An OpenNebula template: an ordered list of attributes, each single ({@code MEMORY = 128}) or a
 * vector ({@code DISK = [ IMAGE_ID = 1, TARGET = hda ]}). Parsed from OpenNebula's text syntax
 * ({@code #} comments, double-quoted strings, several attributes per line, names upper-cased)
 * or from XML with root {@code <TEMPLATE>}.
 */
public record Template(List<Attribute> attributes) {

    /** One attribute: {@code vector} is null for a single value, {@code value} null for a vector. */
    public record Attribute(String name, String value, Map<String, String> vector) {
        public Attribute {
            if (vector != null) vector = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(vector));
        }

        public boolean isVector() {
            return vector != null;
        }
    }

    public Template {
        attributes = List.copyOf(attributes);
    }

    /** Thrown for a template that cannot be parsed; the message names the line. */
    public static final class SyntaxException extends Exception {
        public SyntaxException(String message) {
            super(message);
        }
    }

    /** Parses XML (when the text starts with {@code <}) or OpenNebula's template syntax. */
    public static Template parse(String text) throws SyntaxException {
        String t = text.strip();
        return t.startsWith("<") ? parseXml(t) : parseText(t);
    }

    public Optional<String> get(String name) {
        for (Attribute a : attributes)
            if (!a.isVector() && a.name().equals(name)) return Optional.of(a.value());
        return Optional.empty();
    }

    public List<Map<String, String>> vectors(String name) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Attribute a : attributes) if (a.isVector() && a.name().equals(name)) out.add(a.vector());
        return out;
    }

    /** A copy with {@code name} set to a single value (replacing earlier single values of that name). */
    public Template with(String name, String value) {
        List<Attribute> l = new ArrayList<>();
        boolean done = false;
        for (Attribute a : attributes) {
            if (!a.isVector() && a.name().equals(name)) {
                if (!done) l.add(new Attribute(name, value, null));
                done = true;
            } else {
                l.add(a);
            }
        }
        if (!done) l.add(new Attribute(name, value, null));
        return new Template(l);
    }

    public Template plusVector(String name, Map<String, String> vector) {
        List<Attribute> l = new ArrayList<>(attributes);
        l.add(new Attribute(name, null, vector));
        return new Template(l);
    }

    public Template withoutVector(String name, String key, String value) {
        List<Attribute> l = new ArrayList<>();
        for (Attribute a : attributes)
            if (!(a.isVector() && a.name().equals(name) && value.equals(a.vector().get(key)))) l.add(a);
        return new Template(l);
    }

    /**
     * OpenNebula's merge (one.vm.update type 1): every attribute name in {@code update} replaces all
     * attributes of that name here; the others are kept, in order.
     */
    public Template merge(Template update) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Attribute a : update.attributes) names.add(a.name());
        List<Attribute> l = new ArrayList<>();
        for (Attribute a : attributes) if (!names.contains(a.name())) l.add(a);
        l.addAll(update.attributes);
        return new Template(l);
    }

    /** A copy without any attribute named {@code name}. */
    public Template without(String name) {
        List<Attribute> l = new ArrayList<>();
        for (Attribute a : attributes) if (!a.name().equals(name)) l.add(a);
        return new Template(l);
    }

    /** The XML form, values in CDATA as OpenNebula writes them. */
    public String toXml() {
        return toXml("TEMPLATE");
    }

    /** The XML form under the root element {@code root} (e.g. USER_TEMPLATE). */
    public String toXml(String root) {
        StringBuilder sb = new StringBuilder("<" + root + ">");
        for (Attribute a : attributes) {
            sb.append('<').append(a.name()).append('>');
            if (a.isVector()) {
                for (var e : a.vector().entrySet())
                    sb.append('<').append(e.getKey()).append('>').append(cdata(e.getValue())).append("</").append(e.getKey()).append('>');
            } else {
                sb.append(cdata(a.value()));
            }
            sb.append("</").append(a.name()).append('>');
        }
        return sb.append("</").append(root).append(">").toString();
    }

    /** The text form, as {@code onevm show} prints it. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        for (Attribute a : attributes) {
            if (a.isVector()) {
                sb.append(a.name()).append("=[\n");
                int i = 0;
                for (var e : a.vector().entrySet()) {
                    sb.append("  ").append(e.getKey()).append("=").append(quote(e.getValue()));
                    sb.append(++i < a.vector().size() ? ",\n" : " ]\n");
                }
                if (a.vector().isEmpty()) sb.append("]\n");
            } else {
                sb.append(a.name()).append("=").append(quote(a.value())).append('\n');
            }
        }
        return sb.toString();
    }

    private static String quote(String v) {
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String cdata(String v) {
        return "<![CDATA[" + v.replace("]]>", "]]]]><![CDATA[>") + "]]>";
    }

    // ------------------------------------------------------------------ text syntax

    private static Template parseText(String text) throws SyntaxException {
        TemplateLexer lx = new TemplateLexer(text);
        List<Attribute> out = new ArrayList<>();
        TemplateLexer.Token tok;
        while ((tok = lx.next()) != null) {
            String name = name(tok, lx);
            expect(lx.next(), "=", "after " + name, lx);
            TemplateLexer.Token v = lx.next();
            if (v == null) throw new SyntaxException("line " + lx.line() + ": " + name + " has no value");
            if (v.is("[")) {
                Map<String, String> vec = new LinkedHashMap<>();
                TemplateLexer.Token t = lx.next();
                while (t != null && !t.is("]")) {
                    String key = name(t, lx);
                    expect(lx.next(), "=", "after " + name + "/" + key, lx);
                    TemplateLexer.Token val = lx.next();
                    if (val == null || val.isPunct())
                        throw new SyntaxException("line " + lx.line() + ": " + name + "/" + key + " has no value");
                    vec.put(key, val.text());
                    t = lx.next();
                    if (t != null && t.is(",")) t = lx.next();
                }
                if (t == null) throw new SyntaxException("line " + lx.line() + ": vector " + name + " is not closed with ']'");
                out.add(new Attribute(name, null, vec));
            } else if (v.isPunct()) {
                throw new SyntaxException("line " + lx.line() + ": unexpected '" + v.text() + "' as the value of " + name);
            } else {
                out.add(new Attribute(name, v.text(), null));
            }
        }
        return new Template(out);
    }

    private static String name(TemplateLexer.Token t, TemplateLexer lx) throws SyntaxException {
        if (t.isPunct() || t.quoted() || !t.text().matches("[A-Za-z_][A-Za-z0-9_\\-]*"))
            throw new SyntaxException("line " + lx.line() + ": expected an attribute name, found '" + t.text() + "'");
        return t.text().toUpperCase(Locale.ROOT);
    }

    private static void expect(TemplateLexer.Token t, String punct, String where, TemplateLexer lx) throws SyntaxException {
        if (t == null || !t.is(punct))
            throw new SyntaxException("line " + lx.line() + ": expected '" + punct + "' " + where
                    + (t == null ? " but the template ended" : ", found '" + t.text() + "'"));
    }

    // ------------------------------------------------------------------ XML syntax

    private static Template parseXml(String xml) throws SyntaxException {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        try {
            XMLStreamReader r = f.createXMLStreamReader(new StringReader(xml));
            r.nextTag();
            if (!r.getLocalName().equals("TEMPLATE"))
                throw new SyntaxException("XML template: root element must be <TEMPLATE>, found <" + r.getLocalName() + ">");
            List<Attribute> out = new ArrayList<>();
            while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                String name = r.getLocalName().toUpperCase(Locale.ROOT);
                StringBuilder text = new StringBuilder();
                Map<String, String> vec = null;
                while (true) {
                    int ev = r.next();
                    if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA || ev == XMLStreamConstants.SPACE) {
                        text.append(r.getText());
                    } else if (ev == XMLStreamConstants.START_ELEMENT) {
                        if (vec == null) vec = new LinkedHashMap<>();
                        String key = r.getLocalName().toUpperCase(Locale.ROOT);
                        vec.put(key, r.getElementText().strip());
                    } else if (ev == XMLStreamConstants.END_ELEMENT) {
                        break;
                    }
                }
                out.add(vec != null ? new Attribute(name, null, vec) : new Attribute(name, text.toString().strip(), null));
            }
            return new Template(out);
        } catch (XMLStreamException e) {
            throw new SyntaxException("XML template: " + e.getMessage().replace('\n', ' '));
        }
    }
}
