package org.nebulaha.oned.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/** What onetemplate, oneimage, onevnet and onedatastore share: ids from names, show sections, owner and permissions rows. */
final class PoolCli {
    private PoolCli() {}

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM/dd HH:mm:ss").withZone(ZoneId.systemDefault());

    /** The id of a TEMPLATE/IMAGE/VNET/DATASTORE given by id or name (the caller's pool, as OpenNebula's tools). */
    static int id(OneClient c, String poolMethod, String element, String idOrName, String list) throws OneClient.CallException {
        return poolMethod.equals("one.datastorepool.info") ? c.idOf(poolMethod, element, idOrName, list)
                : c.idOf(poolMethod, element, idOrName, list, -2, -1, -1);
    }

    static String time(long epoch) {
        return epoch <= 0 ? "-" : TIME.format(Instant.ofEpochSecond(epoch));
    }

    static void row(PrintStream out, String k, String v) {
        out.printf("%-15s: %s%n", k, v);
    }

    /** ID, NAME, USER, GROUP rows, then the object's own rows and the PERMISSIONS section. */
    static void header(PrintStream out, String title, Element e) {
        out.println(title + " " + Xml.text(e, "ID") + " INFORMATION");
        row(out, "ID", Xml.text(e, "ID"));
        row(out, "NAME", Xml.text(e, "NAME"));
        row(out, "USER", Xml.text(e, "UNAME"));
        row(out, "GROUP", Xml.text(e, "GNAME"));
    }

    static void permissions(PrintStream out, Element e) {
        Element p = Xml.child(e, "PERMISSIONS");
        if (p == null) return;
        out.println();
        out.println("PERMISSIONS");
        String[] who = {"OWNER", "GROUP", "OTHER"};
        for (String w : who)
            out.printf("%-15s: %s%s%s%n", w, Xml.text(p, w + "_U").equals("1") ? "u" : "-", Xml.text(p, w + "_M").equals("1") ? "m" : "-",
                    Xml.text(p, w + "_A").equals("1") ? "a" : "-");
    }

    /** A TEMPLATE section in OpenNebula's text syntax. */
    static void template(PrintStream out, String title, Element t) {
        out.println();
        out.println(title);
        if (t == null) return;
        for (Element a : Xml.children(t, null)) {
            List<Element> sub = Xml.children(a, null);
            if (sub.isEmpty()) {
                out.println(a.getTagName() + "=\"" + a.getTextContent() + "\"");
            } else {
                List<String> parts = new ArrayList<>();
                for (Element s : sub) parts.add(s.getTagName() + "=\"" + s.getTextContent() + "\"");
                out.println(a.getTagName() + "=[ " + String.join(", ", parts) + " ]");
            }
        }
    }
}
