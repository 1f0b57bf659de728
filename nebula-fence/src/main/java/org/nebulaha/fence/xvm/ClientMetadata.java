package org.nebulaha.fence.xvm;

import java.util.List;

/** The {@code -o metadata} XML and the usage text, both generated from {@link ClientParameter}. */
public final class ClientMetadata {
    private static final List<String> ACTIONS =
            List.of("null", "on", "off", "reboot", "metadata", "status", "monitor", "list", "list-status", "validate-all");

    private ClientMetadata() {}

    public static String xml(String program, boolean tcpMode) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" ?>\n");
        sb.append("<resource-agent name=\"").append(program).append("\" shortdesc=\"Fence agent for virtual machines\">\n");
        sb.append("<longdesc>").append(program).append(" is an I/O Fencing agent which can be used with virtual machines.\n\n")
                .append("NOTE: reboot-action does not power on nodes that are powered off.</longdesc>\n");
        sb.append("<vendor-url>https://libvirt.org</vendor-url>\n<parameters>\n");
        for (ClientParameter p : ClientParameter.of(tcpMode)) {
            sb.append("\t<parameter name=\"").append(p.name()).append("\" unique=\"0\" required=\"").append(p.required() ? 1 : 0).append('"');
            if (p.obsoletes() != null) sb.append(" obsoletes=\"").append(p.obsoletes()).append('"');
            if (p.deprecated()) sb.append(" deprecated=\"1\"");
            sb.append(">\n\t\t<getopt mixed=\"").append(p.letter() == '\0' ? "" : "-" + p.letter()).append("\" />\n");
            sb.append("\t\t<content type=\"").append(p.name().equals("debug") ? "boolean" : "string").append('"');
            if (p.defaultValue() != null) sb.append(" default=\"").append(escape(p.defaultValue())).append('"');
            sb.append(" />\n\t\t<shortdesc lang=\"en\">").append(escape(p.description())).append("</shortdesc>\n\t</parameter>\n");
        }
        sb.append("</parameters>\n<actions>\n");
        for (String a : ACTIONS) sb.append("\t<action name=\"").append(a).append("\" />\n");
        sb.append("</actions>\n</resource-agent>\n");
        return sb.toString();
    }

    public static String usage(String program, boolean tcpMode) {
        StringBuilder sb = new StringBuilder("usage: ").append(program).append(" [args]\n\n")
                .append("NOTE: reboot-action does not power on nodes that are powered off.\n\n");
        for (ClientParameter p : ClientParameter.of(tcpMode)) {
            if (p.letter() == '\0' || p.letter() == 'H') continue;
            sb.append(String.format("  %-22s%s%n", "-" + p.letter() + (p.takesValue() ? " " + p.argLabel() : ""), p.description()));
        }
        sb.append(String.format("  %-22s%s%n  %-22s%s%n  %-22s%s%n", "-?", "Help (alternate)", "-h", "Help", "-V",
                "Display version and exit"));
        sb.append("\nWith no command line argument, arguments are read from standard input.\n")
                .append("Arguments read from standard input take the form of:\n\n    arg1=value1\n    arg2=value2\n\n");
        for (ClientParameter p : ClientParameter.of(tcpMode))
            if (!p.deprecated()) sb.append(String.format("  %-22s%s%n", p.name(), p.description()));
        return sb.toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
