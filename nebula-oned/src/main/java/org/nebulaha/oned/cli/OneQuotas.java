package org.nebulaha.oned.cli;

import java.io.PrintStream;
import org.w3c.dom.Element;

/** The RESOURCE USAGE & QUOTAS part of {@code oneuser show} and {@code onegroup show}. */
final class OneQuotas {
    private OneQuotas() {}

    /** VMS_USED of the VM quota ("0" when none is shown). */
    static String vmsUsed(Element owner) {
        Element vm = vm(owner);
        return vm == null ? "0" : Xml.text(vm, "VMS_USED");
    }

    private static Element vm(Element owner) {
        Element q = Xml.child(owner, "VM_QUOTA");
        return q == null ? null : Xml.child(q, "VM");
    }

    /** Used / limit per quota, limits as 4.2 means them: -1 default (none here), 0 no limit. */
    static void print(PrintStream out, Element owner) {
        out.println("RESOURCE USAGE & QUOTAS");
        Element vm = vm(owner);
        out.printf("%-12s %12s %12s %12s%n", "", "VMS", "MEMORY", "CPU");
        if (vm == null) {
            out.printf("%-12s %12s %12s %12s%n", "VM", "0 / -", "0M / -", "0 / -");
        } else {
            out.printf("%-12s %12s %12s %12s%n", "VM", Xml.text(vm, "VMS_USED") + " / " + limit(Xml.text(vm, "VMS")),
                    Xml.text(vm, "MEMORY_USED") + "M / " + limit(Xml.text(vm, "MEMORY")),
                    Xml.text(vm, "CPU_USED") + " / " + limit(Xml.text(vm, "CPU")));
        }
        for (String[] kind : new String[][] {{"DATASTORE_QUOTA", "DATASTORE", "IMAGES", "SIZE"}, {"NETWORK_QUOTA", "NETWORK", "LEASES"},
                {"IMAGE_QUOTA", "IMAGE", "RVMS"}}) {
            Element q = Xml.child(owner, kind[0]);
            if (q == null) continue;
            for (Element e : Xml.children(q, kind[1])) {
                StringBuilder sb = new StringBuilder(String.format("%-12s", kind[1] + " " + Xml.text(e, "ID")));
                for (int k = 2; k < kind.length; k++)
                    sb.append(String.format(" %12s", kind[k] + " " + Xml.text(e, kind[k] + "_USED") + " / " + limit(Xml.text(e, kind[k]))));
                out.println(sb);
            }
        }
    }

    private static String limit(String l) {
        return l.equals("-1") || l.equals("0") ? "-" : l;
    }
}
