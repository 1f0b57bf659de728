package org.nebulaha.oned.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.nebulaha.oned.auth.AclRule;
import org.w3c.dom.Element;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code oneacl}: manage oned's ACL rules through XML-RPC. Exit codes: 0 done, 1 refused or unreachable, 2 usage error. */
@Command(name = "oneacl", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        version = "oneacl 4.2.0 (nebula-ha)", description = "Manages OpenNebula ACL rules (ONE_XMLRPC, ONE_AUTH).",
        subcommands = {OneAclCommand.Create.class, OneAclCommand.Delete.class, OneAclCommand.ListCmd.class})
public final class OneAclCommand implements Callable<Integer> {
    static PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return OneClient.run("oneacl", new OneAclCommand(), args);
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, out);
        return 2;
    }

    @Command(name = "create", description = {"Adds a rule: oneacl create \"USER RESOURCE RIGHTS\", e.g. \"@100 VM+NET/* CREATE\"",
            "or \"#5 HOST/%%100 MANAGE\"; or the three hex words: oneacl create 200000064 5400000000 8."})
    static final class Create implements Callable<Integer> {
        @Parameters(paramLabel = "RULE", arity = "1..3") List<String> rule;

        @Override
        public Integer call() throws Exception {
            String[] words;
            if (rule.size() == 3) {
                words = rule.toArray(String[]::new);
            } else {
                long[] w;
                try {
                    w = AclRule.parse(String.join(" ", rule));
                } catch (IllegalArgumentException e) {
                    throw new OneClient.CallException("oneacl create: " + e.getMessage(), 2);
                }
                words = new String[] {Long.toHexString(w[0]), Long.toHexString(w[1]), Long.toHexString(w[2])};
            }
            out.println("ID: " + OneClient.fromEnvironment().call("one.acl.addrule", (Object[]) words));
            return 0;
        }
    }

    @Command(name = "delete", description = "Deletes rules by id.")
    static final class Delete implements Callable<Integer> {
        @Parameters(paramLabel = "ID", arity = "1..*") List<Integer> ids;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            return OneClient.forEach("oneacl", "rule", ids, id -> c.call("one.acl.delrule", id));
        }
    }

    @Command(name = "list", description = "Lists rules: ID USER RES_VHNIUTGDCO RID OPE_UMAC, and each rule as text.")
    static final class ListCmd implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Element pool = Xml.parse((String) OneClient.fromEnvironment().call("one.acl.info"));
            out.printf("%4s %-6s %-14s %-5s %-8s %s%n", "ID", "USER", "RES_VHNIUTGDCO", "RID", "OPE_UMAC", "RULE");
            for (Element r : Xml.children(pool, "ACL")) {
                String[] text = Xml.text(r, "STRING").split(" ");
                long res = Long.parseUnsignedLong(Xml.text(r, "RESOURCE"), 16), rights = Long.parseUnsignedLong(Xml.text(r, "RIGHTS"), 16);
                out.printf("%4s %-6s %-14s %-5s %-8s %s%n", Xml.text(r, "ID"), text[0], letters(res), text[1].substring(text[1].indexOf('/') + 1),
                        rights(rights), Xml.text(r, "STRING"));
            }
            return 0;
        }

        /** One letter per type, '-' when the rule does not name it (4.2's columns V H N I U T G D C O). */
        static String letters(long res) {
            String l = "VHNIUTGDCO";
            AclRule.Type[] t = {AclRule.Type.VM, AclRule.Type.HOST, AclRule.Type.NET, AclRule.Type.IMAGE, AclRule.Type.USER,
                    AclRule.Type.TEMPLATE, AclRule.Type.GROUP, AclRule.Type.DATASTORE, AclRule.Type.CLUSTER, AclRule.Type.DOCUMENT};
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < t.length; k++) sb.append((res & t[k].bit) != 0 ? l.charAt(k) : '-');
            return sb.toString();
        }

        static String rights(long r) {
            return "" + ((r & 1) != 0 ? 'u' : '-') + ((r & 2) != 0 ? 'm' : '-') + ((r & 4) != 0 ? 'a' : '-') + ((r & 8) != 0 ? 'c' : '-');
        }
    }
}
