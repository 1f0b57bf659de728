package org.nebulaha.oned.model;

import static org.nebulaha.oned.xmlrpc.XmlRpcCodec.escape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nebulaha.oned.xmlrpc.OneXml;
import org.w3c.dom.Element;

/**
 * What templates, images, datastores and virtual networks share (4.2 xsd): ID, owner (UID, GID,
 * UNAME, GNAME), NAME, PERMISSIONS and a TEMPLATE. Each object is stored as its own 4.2 document,
 * as OpenNebula stores its pool bodies, and read back from it; {@link #copy()} goes the same way,
 * so a change is made on a copy and only kept once it is committed.
 */
public abstract class PoolObject {
    public int id;
    public int uid;
    public int gid;
    public String uname = "oneadmin";
    public String gname = "oneadmin";
    public String name = "";
    public Perms perms = Perms.DEFAULT;
    public Template template = new Template(List.of());

    /** The 4.2 document of this object. */
    public abstract String toXml();

    /** The element ID..PERMISSIONS opening the document with root {@code root}. */
    protected StringBuilder open(String root) {
        StringBuilder sb = new StringBuilder("<").append(root).append('>');
        el(sb, "ID", id); el(sb, "UID", uid); el(sb, "GID", gid); el(sb, "UNAME", uname); el(sb, "GNAME", gname); el(sb, "NAME", name);
        return sb.append(perms.toXml());
    }

    /** Reads what {@link #open} wrote, and the TEMPLATE. */
    protected void readCommon(Element e) {
        id = OneXml.num(e, "ID");
        uid = OneXml.num(e, "UID");
        gid = OneXml.num(e, "GID");
        uname = OneXml.text(e, "UNAME");
        gname = OneXml.text(e, "GNAME");
        name = OneXml.text(e, "NAME");
        Element p = OneXml.child(e, "PERMISSIONS");
        int[] b = new int[9];
        if (p != null) {
            List<Element> bits = OneXml.children(p, null);
            for (int i = 0; i < 9 && i < bits.size(); i++) b[i] = Integer.parseInt(bits.get(i).getTextContent().strip());
        }
        perms = Perms.of(b);
        Element t = OneXml.child(e, "TEMPLATE");
        template = t == null ? new Template(List.of()) : template(t);
    }

    public static void el(StringBuilder sb, String name, Object value) {
        sb.append('<').append(name).append('>').append(escape(String.valueOf(value))).append("</").append(name).append('>');
    }

    /** A TEMPLATE element as a {@link Template}: an element with child elements is a vector. */
    public static Template template(Element t) {
        List<Template.Attribute> out = new ArrayList<>();
        for (Element a : OneXml.children(t, null)) {
            List<Element> kids = OneXml.children(a, null);
            if (kids.isEmpty()) {
                out.add(new Template.Attribute(a.getTagName(), a.getTextContent(), null));
            } else {
                Map<String, String> m = new LinkedHashMap<>();
                for (Element k : kids) m.put(k.getTagName(), k.getTextContent());
                out.add(new Template.Attribute(a.getTagName(), null, m));
            }
        }
        return new Template(out);
    }

    /** Parses a stored document (DTDs refused). */
    public static Element parse(String xml) {
        try {
            return OneXml.parse(xml);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unreadable document: " + e.getMessage(), e);
        }
    }

    /** A deep copy, through the document. */
    public abstract PoolObject copy();
}
