package org.nebulaha.oned.auth;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nebulaha.oned.lifecycle.OneError;
import org.nebulaha.oned.model.Template;

/**
 * Quotas as OpenNebula 4.2 keeps them (src/um/Quota*.cc): limits in a template of VM,
 * DATASTORE, NETWORK and IMAGE vectors. A limit of -1 means "the default quota" (none is set
 * here, so no limit) and 0 means no limit, as in 4.2. Usage is not stored: VM usage (VMS,
 * MEMORY, CPU) is counted from the VMs that are not DONE; datastore, network and image usage is 0
 * until those objects exist here.
 */
public final class Quotas {
    private Quotas() {}

    /** VM usage of one user or group. */
    public record Usage(int vms, long memory, double cpu) {
        public static final Usage NONE = new Usage(0, 0, 0);
    }

    /** Metrics per quota kind, 4.2's names; DATASTORE, NETWORK and IMAGE entries carry an ID. */
    static final Map<String, List<String>> METRICS = Map.of(
            "VM", List.of("CPU", "MEMORY", "VMS"), "DATASTORE", List.of("IMAGES", "SIZE"),
            "NETWORK", List.of("LEASES"), "IMAGE", List.of("RVMS"));

    /**
     * one.user.quota / one.group.quota: merges the quota template {@code text} into
     * {@code current}. Each vector replaces the limits it names (an entry with the same ID for
     * DATASTORE, NETWORK and IMAGE); a metric it leaves out keeps its limit (-1 when new).
     */
    public static Template set(Template current, String text) throws OneError {
        Template update;
        try {
            update = Template.parse(text);
        } catch (Template.SyntaxException e) {
            throw new OneError(OneError.INTERNAL, "Parse error in the quota template: " + e.getMessage());
        }
        List<Template.Attribute> out = new ArrayList<>(current.attributes());
        for (Template.Attribute a : update.attributes()) {
            List<String> metrics = METRICS.get(a.name());
            if (metrics == null || !a.isVector())
                throw new OneError(OneError.INTERNAL, "Unknown quota '" + a.name() + "': use VM=[...], DATASTORE=[ID=...], NETWORK=[ID=...] or IMAGE=[ID=...]");
            String id = a.vector().get("ID");
            if (!a.name().equals("VM") && (id == null || !id.strip().matches("\\d+")))
                throw new OneError(OneError.INTERNAL, "Quota " + a.name() + " needs ID = the " + a.name().toLowerCase() + " id");
            int at = -1;
            for (int k = 0; k < out.size(); k++)
                if (out.get(k).name().equals(a.name()) && (id == null || id.strip().equals(out.get(k).vector().get("ID")))) at = k;
            Map<String, String> v = new LinkedHashMap<>();
            if (id != null) v.put("ID", id.strip());
            for (String m : metrics) {
                String given = a.vector().get(m);
                String old = at < 0 ? "-1" : out.get(at).vector().getOrDefault(m, "-1");
                v.put(m, given == null ? old : limit(a.name(), m, given));
            }
            for (String k : a.vector().keySet())
                if (!k.equals("ID") && !metrics.contains(k) && !k.endsWith("_USED"))
                    throw new OneError(OneError.INTERNAL, "Unknown metric " + k + " in quota " + a.name() + ": use " + String.join(", ", metrics));
            Template.Attribute na = new Template.Attribute(a.name(), null, v);
            if (at < 0) out.add(na); else out.set(at, na);
        }
        return new Template(out);
    }

    private static String limit(String quota, String metric, String value) throws OneError {
        try {
            BigDecimal d = new BigDecimal(value.strip());
            if (d.compareTo(BigDecimal.ONE.negate()) >= 0) return number(d.doubleValue());
        } catch (NumberFormatException e) {
            // falls through to the error
        }
        throw new OneError(OneError.INTERNAL, "Negative limits or bad format in quota " + quota + ": " + metric + " = '" + value
                + "' (use -1 for the default, 0 for no limit, or a positive number)");
    }

    /** A number as 4.2 prints it: integers without a fraction. */
    static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return String.valueOf((long) d);
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /**
     * Throws 4.2's quota error when a new VM of {@code memory} MB and {@code cpu} would pass a
     * limit of {@code limits} given {@code used}; {@code who} is e.g. "user [3]".
     */
    public static void checkVm(Template limits, Usage used, int memory, double cpu, String who) throws OneError {
        for (Map<String, String> v : limits.vectors("VM")) {
            double[][] checks = {{parse(v.get("VMS")), used.vms(), 1}, {parse(v.get("MEMORY")), used.memory(), memory},
                    {parse(v.get("CPU")), used.cpu(), cpu}};
            String[] names = {"VMS", "MEMORY", "CPU"};
            for (int k = 0; k < checks.length; k++) {
                double limit = checks[k][0];
                if (limit > 0 && checks[k][1] + checks[k][2] > limit)
                    throw new OneError(OneError.AUTHORIZATION, who + " limit of " + number(limit) + " reached for " + names[k] + " quota in VM");
            }
        }
    }

    private static double parse(String s) {
        try {
            return s == null ? -1 : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The four quota elements of a user or group document, in 4.2's order and shape: each always
     * present (empty when nothing is set), the VM entry shown once a limit is set or VMs are used.
     */
    public static String xml(Template limits, Usage vm) {
        StringBuilder sb = new StringBuilder("<DATASTORE_QUOTA>");
        entries(sb, limits, "DATASTORE");
        sb.append("</DATASTORE_QUOTA><NETWORK_QUOTA>");
        entries(sb, limits, "NETWORK");
        sb.append("</NETWORK_QUOTA><VM_QUOTA>");
        List<Map<String, String>> vms = limits.vectors("VM");
        if (!vms.isEmpty() || vm.vms() > 0) {
            Map<String, String> v = vms.isEmpty() ? Map.of() : vms.get(0);
            double[] used = {vm.cpu(), vm.memory(), vm.vms()};
            sb.append("<VM>");
            List<String> metrics = METRICS.get("VM");
            for (int k = 0; k < metrics.size(); k++) {
                String m = metrics.get(k);
                el(sb, m, v.getOrDefault(m, "-1"));
                el(sb, m + "_USED", number(used[k]));
            }
            sb.append("</VM>");
        }
        return sb.append("</VM_QUOTA><IMAGE_QUOTA>").append(entriesOf(limits, "IMAGE")).append("</IMAGE_QUOTA>").toString();
    }

    private static String entriesOf(Template limits, String kind) {
        StringBuilder sb = new StringBuilder();
        entries(sb, limits, kind);
        return sb.toString();
    }

    private static void entries(StringBuilder sb, Template limits, String kind) {
        for (Map<String, String> v : limits.vectors(kind)) {
            sb.append('<').append(kind).append('>');
            el(sb, "ID", v.get("ID"));
            for (String m : METRICS.get(kind)) {
                el(sb, m, v.getOrDefault(m, "-1"));
                el(sb, m + "_USED", "0");
            }
            sb.append("</").append(kind).append('>');
        }
    }

    /** The default quotas element of a pool document ({@code DEFAULT_USER_QUOTAS} / {@code DEFAULT_GROUP_QUOTAS}): none set. */
    public static String defaults(String root) {
        return "<" + root + ">" + xml(new Template(List.of()), Usage.NONE) + "</" + root + ">";
    }

    private static void el(StringBuilder sb, String name, String value) {
        sb.append('<').append(name).append('>').append(value).append("</").append(name).append('>');
    }
}
