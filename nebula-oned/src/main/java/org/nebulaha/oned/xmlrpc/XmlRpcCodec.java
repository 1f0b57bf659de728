package org.nebulaha.oned.xmlrpc;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * XML-RPC on the JDK's StAX parser, with DTDs and external entities disabled (no XXE, no
 * entity expansion bombs). Reads and writes {@code methodCall}, {@code methodResponse} and
 * faults; see {@link MethodCall} for the value mapping. A value without a type element is a
 * string, as the specification says.
 */
public final class XmlRpcCodec {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm:ss");
    private static final XMLInputFactory FACTORY = newFactory();

    private XmlRpcCodec() {}

    private static XMLInputFactory newFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    // ------------------------------------------------------------------ reading

    public static MethodCall parseCall(byte[] body) throws XmlRpcFault {
        try {
            XMLStreamReader r = open(body);
            expectStart(r, "methodCall");
            nextTag(r);
            expectStart(r, "methodName");
            String name = r.getElementText().strip();
            if (name.isEmpty()) throw new XmlRpcFault(XmlRpcFault.PARSE_ERROR, "empty <methodName>");
            List<Object> params = new ArrayList<>();
            int ev = nextTag(r);
            if (ev == XMLStreamConstants.START_ELEMENT) {
                expectStart(r, "params");
                while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
                    expectStart(r, "param");
                    nextTag(r);
                    params.add(readValue(r));
                    nextTag(r); // </param>
                }
                nextTag(r); // </methodCall>
            }
            return new MethodCall(name, params);
        } catch (XMLStreamException | RuntimeException e) {
            throw new XmlRpcFault(XmlRpcFault.PARSE_ERROR, "malformed XML-RPC call: " + clean(e));
        }
    }

    public static MethodResponse parseResponse(byte[] body) throws XmlRpcFault {
        try {
            XMLStreamReader r = open(body);
            expectStart(r, "methodResponse");
            nextTag(r);
            if (r.getLocalName().equals("fault")) {
                nextTag(r);
                Object v = readValue(r);
                if (!(v instanceof Map<?, ?> m)) throw new XmlRpcFault(XmlRpcFault.PARSE_ERROR, "fault is not a struct");
                int code = m.get("faultCode") instanceof Number n ? n.intValue() : 0;
                return new MethodResponse(null, new XmlRpcFault(code, String.valueOf(m.get("faultString"))));
            }
            expectStart(r, "params");
            nextTag(r);
            expectStart(r, "param");
            nextTag(r);
            return new MethodResponse(readValue(r), null);
        } catch (XMLStreamException | RuntimeException e) {
            throw new XmlRpcFault(XmlRpcFault.PARSE_ERROR, "malformed XML-RPC response: " + clean(e));
        }
    }

    private static String clean(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ');
    }

    private static XMLStreamReader open(byte[] body) throws XMLStreamException {
        XMLStreamReader r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(body));
        nextTag(r);
        return r;
    }

    /** Skips whitespace and comments; returns START_ELEMENT or END_ELEMENT. */
    private static int nextTag(XMLStreamReader r) throws XMLStreamException {
        while (r.hasNext()) {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.START_ELEMENT:
                case XMLStreamConstants.END_ELEMENT:
                    return ev;
                case XMLStreamConstants.CHARACTERS:
                case XMLStreamConstants.CDATA:
                    if (!r.isWhiteSpace())
                        throw new XMLStreamException("unexpected text '" + r.getText().strip() + "'", r.getLocation());
                    break;
                case XMLStreamConstants.END_DOCUMENT:
                    throw new XMLStreamException("unexpected end of document", r.getLocation());
                default:
                    break; // comments, processing instructions, spaces
            }
        }
        throw new XMLStreamException("unexpected end of document");
    }

    private static void expectStart(XMLStreamReader r, String name) throws XMLStreamException {
        if (r.getEventType() != XMLStreamConstants.START_ELEMENT || !r.getLocalName().equals(name))
            throw new XMLStreamException("expected <" + name + ">"
                    + (r.getEventType() == XMLStreamConstants.START_ELEMENT ? " but found <" + r.getLocalName() + ">" : ""),
                    r.getLocation());
    }

    /** Reads {@code <value>...</value>}; the reader is on its start tag and ends on its end tag. */
    private static Object readValue(XMLStreamReader r) throws XMLStreamException {
        expectStart(r, "value");
        StringBuilder text = new StringBuilder();
        while (true) {
            int ev = r.next();
            if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA || ev == XMLStreamConstants.SPACE) {
                text.append(r.getText());
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                return text.toString(); // untyped value: a string
            } else if (ev == XMLStreamConstants.START_ELEMENT) {
                if (!text.toString().isBlank())
                    throw new XMLStreamException("text mixed with <" + r.getLocalName() + "> in <value>", r.getLocation());
                Object v = readTyped(r);
                nextTag(r); // </value>
                return v;
            }
        }
    }

    private static Object readTyped(XMLStreamReader r) throws XMLStreamException {
        String type = r.getLocalName();
        try {
            switch (type) {
                case "i4": case "int": return Integer.parseInt(r.getElementText().strip());
                case "i8": return Long.parseLong(r.getElementText().strip());
                case "boolean": {
                    String t = r.getElementText().strip();
                    if (t.equals("1")) return true;
                    if (t.equals("0")) return false;
                    throw new XMLStreamException("boolean must be 0 or 1, got '" + t + "'", r.getLocation());
                }
                case "string": return r.getElementText();
                case "double": return Double.parseDouble(r.getElementText().strip());
                case "dateTime.iso8601": return LocalDateTime.parse(r.getElementText().strip(), ISO);
                case "base64": return Base64.getMimeDecoder().decode(r.getElementText().strip());
                case "nil": r.getElementText(); return null;
                case "array": {
                    List<Object> list = new ArrayList<>();
                    nextTag(r);
                    expectStart(r, "data");
                    while (nextTag(r) == XMLStreamConstants.START_ELEMENT) list.add(readValue(r));
                    nextTag(r); // </array>
                    return list;
                }
                case "struct": {
                    Map<String, Object> map = new LinkedHashMap<>();
                    while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
                        expectStart(r, "member");
                        nextTag(r);
                        expectStart(r, "name");
                        String name = r.getElementText();
                        nextTag(r);
                        map.put(name, readValue(r));
                        nextTag(r); // </member>
                    }
                    return map;
                }
                default:
                    throw new XMLStreamException("unknown value type <" + type + ">", r.getLocation());
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new XMLStreamException("bad <" + type + "> value: " + e.getMessage(), r.getLocation());
        }
    }

    // ------------------------------------------------------------------ writing

    public static byte[] writeCall(String method, List<?> params) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<methodCall><methodName>");
        escape(sb, method);
        sb.append("</methodName><params>");
        for (Object p : params) {
            sb.append("<param>");
            writeValue(sb, p);
            sb.append("</param>");
        }
        sb.append("</params></methodCall>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] writeResponse(Object value) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<methodResponse><params><param>");
        writeValue(sb, value);
        sb.append("</param></params></methodResponse>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] writeFault(int code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("faultCode", code);
        m.put("faultString", message);
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<methodResponse><fault>");
        writeValue(sb, m);
        sb.append("</fault></methodResponse>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeValue(StringBuilder sb, Object v) {
        sb.append("<value>");
        if (v == null) {
            sb.append("<nil/>");
        } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            sb.append("<i4>").append(v).append("</i4>");
        } else if (v instanceof Long l) {
            sb.append("<i8>").append(l).append("</i8>");
        } else if (v instanceof Boolean b) {
            sb.append("<boolean>").append(b ? 1 : 0).append("</boolean>");
        } else if (v instanceof Double || v instanceof Float) {
            sb.append("<double>").append(((Number) v).doubleValue()).append("</double>");
        } else if (v instanceof String s) {
            sb.append("<string>");
            escape(sb, s);
            sb.append("</string>");
        } else if (v instanceof LocalDateTime t) {
            sb.append("<dateTime.iso8601>").append(ISO.format(t)).append("</dateTime.iso8601>");
        } else if (v instanceof byte[] b) {
            sb.append("<base64>").append(Base64.getEncoder().encodeToString(b)).append("</base64>");
        } else if (v instanceof List<?> list) {
            sb.append("<array><data>");
            for (Object o : list) writeValue(sb, o);
            sb.append("</data></array>");
        } else if (v instanceof Map<?, ?> map) {
            sb.append("<struct>");
            for (var e : map.entrySet()) {
                sb.append("<member><name>");
                escape(sb, String.valueOf(e.getKey()));
                sb.append("</name>");
                writeValue(sb, e.getValue());
                sb.append("</member>");
            }
            sb.append("</struct>");
        } else {
            throw new IllegalArgumentException("no XML-RPC type for " + v.getClass().getName());
        }
        sb.append("</value>");
    }

    /** Escapes text for XML element content. */
    public static void escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '&': sb.append("&amp;"); break;
                case '\r': sb.append("&#13;"); break;
                default: sb.append(c);
            }
        }
    }

    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        escape(sb, s);
        return sb.toString();
    }
}
