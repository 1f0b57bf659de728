package org.nebulaha.conf.ricci;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nebulaha.conf.ConfException;
import org.nebulaha.conf.xml.XmlElement;
import org.nebulaha.conf.xml.XmlReader;
import org.nebulaha.conf.xml.XmlWriter;

/**
 * The XML messages ccs and ricci exchange, in ricci's format. One request per connection: the
 * server greets, the client sends one {@code <ricci>} document, the server answers one.
 *
 * <pre>
 * &lt;ricci function="authenticate" password="..." version="1.0"/&gt;
 * &lt;ricci function="process_batch" async="false" version="1.0"&gt;&lt;batch&gt;&lt;module name="cluster"&gt;
 *   &lt;request API_version="1.0"&gt;&lt;function_call name="set_cluster.conf"&gt;
 *     &lt;var mutable="false" name="propagate" type="boolean" value="true"/&gt;
 *     &lt;var mutable="false" name="cluster.conf" type="xml" value=""&gt;&lt;cluster .../&gt;&lt;/var&gt;
 * </pre>
 */
public final class RicciMessages {
    private RicciMessages() {}

    /** A call's variable: a name, a type (string, boolean, int, xml) and a value or an XML element. */
    public record Var(String name, String type, String value, XmlElement xml) {
        public static Var bool(String name, boolean v) {
            return new Var(name, "boolean", String.valueOf(v), null);
        }

        public static Var string(String name, String v) {
            return new Var(name, "string", v, null);
        }

        public static Var xml(String name, XmlElement e) {
            return new Var(name, "xml", "", e);
        }

        XmlElement toElement() {
            XmlElement v = new XmlElement("var").set("mutable", "false").set("name", name).set("type", type).set("value", value);
            if (xml != null) v.append(xml.deepCopy());
            return v;
        }

        static Var of(XmlElement v) {
            XmlElement content = v.children().isEmpty() ? null : v.children().get(0);
            return new Var(v.attr("name"), v.attr("type"), v.attr("value") == null ? "" : v.attr("value"), content);
        }
    }

    public static String greeting(boolean authenticated, String clusterName, String hostname) {
        XmlElement g = new XmlElement("ricci").set("authenticated", String.valueOf(authenticated))
                .set("clusteralias", clusterName).set("clustername", clusterName).set("hostname", hostname)
                .set("os", "nebula-ha").set("version", "1.0").set("xen_host", "false");
        return XmlWriter.document(g);
    }

    public static String authenticate(String password) {
        return XmlWriter.write(new XmlElement("ricci").set("function", "authenticate").set("password", password).set("version", "1.0"));
    }

    public static String call(String module, String function, List<Var> vars) {
        XmlElement fc = new XmlElement("function_call").set("name", function);
        for (Var v : vars) fc.append(v.toElement());
        XmlElement r = new XmlElement("ricci").set("async", "false").set("function", "process_batch").set("version", "1.0");
        r.append(new XmlElement("batch")).append(new XmlElement("module").set("name", module))
                .append(new XmlElement("request").set("API_version", "1.0")).append(fc);
        return XmlWriter.write(r);
    }

    /** The answer to a call: the function's variables, with {@code success} and, on failure, {@code error_description}. */
    public static String response(boolean authenticated, String module, String function, List<Var> vars) {
        XmlElement fr = new XmlElement("function_response").set("function_name", function);
        for (Var v : vars) fr.append(v.toElement());
        XmlElement r = new XmlElement("ricci").set("authenticated", String.valueOf(authenticated)).set("success", "0").set("version", "1.0");
        r.append(new XmlElement("batch").set("status", "0")).append(new XmlElement("module").set("name", module).set("status", "0"))
                .append(new XmlElement("response").set("API_version", "1.0")).append(fr);
        return XmlWriter.write(r);
    }

    /** The reply to {@code authenticate}: 0 success, 10 a known client with a wrong password. */
    public static String authReply(boolean authenticated, int code) {
        return XmlWriter.write(new XmlElement("ricci").set("authenticated", String.valueOf(authenticated))
                .set("success", String.valueOf(code)).set("version", "1.0"));
    }

    /** ricci's reply when a request is refused before any function runs (not authenticated, bad request). */
    public static String refusal(boolean authenticated, int code, String why) {
        return XmlWriter.write(new XmlElement("ricci").set("authenticated", String.valueOf(authenticated))
                .set("success", String.valueOf(code)).set("version", "1.0").set("error_description", why));
    }

    public static XmlElement parse(String text, String what) throws ConfException {
        return XmlReader.read(text, what);
    }

    /** A parsed {@code process_batch} call: module, function name and variables by name. */
    public record Call(String module, String function, Map<String, Var> vars) {
        public Optional<Var> var(String name) {
            return Optional.ofNullable(vars.get(name));
        }

        public boolean flag(String name, boolean dflt) {
            return var(name).map(v -> Boolean.parseBoolean(v.value())).orElse(dflt);
        }
    }

    public static Optional<Call> callOf(XmlElement ricci) {
        for (XmlElement module : ricci.descendants("module")) {
            for (XmlElement fc : module.descendants("function_call")) {
                Map<String, Var> vars = new LinkedHashMap<>();
                for (XmlElement v : fc.children("var")) vars.put(v.attr("name"), Var.of(v));
                return Optional.of(new Call(module.attr("name"), fc.attr("name"), vars));
            }
        }
        return Optional.empty();
    }

    /** The variables of the first function_response in a reply. */
    public static List<Var> responseVars(XmlElement reply) {
        List<Var> r = new ArrayList<>();
        for (XmlElement fr : reply.descendants("function_response")) {
            for (XmlElement v : fr.children("var")) r.add(Var.of(v));
            break;
        }
        return r;
    }
}
