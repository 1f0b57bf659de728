package org.nebulaha.conf.ccs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ccs's command line, parsed the way ccs parsed it (GNU getopt): options in any order, each
 * option with one argument or none, and every remaining word collected as the "extra" words of
 * the one option that takes them ({@code --addfailoverdomain opennebula ordered},
 * {@code --addresource ip address=10.10.11.12 sleeptime=10}). The order in which the options run
 * does not depend on the command line (see {@link Ccs}).
 *
 * <p>The grammar is irregular (option words mixed with free key=value words), which is why this is
 * a small hand-written parser rather than a picocli model.
 */
public final class CcsOptions {
    /** Options that take one argument. */
    static final Set<String> WITH_ARGUMENT = Set.of("host", "file", "password", "addnode", "rmnode", "setversion", "createcluster",
            "addmethod", "rmmethod", "addfencedev", "rmfencedev", "addfenceinst", "rmfenceinst", "addfailoverdomain",
            "rmfailoverdomain", "addfailoverdomainnode", "rmfailoverdomainnode", "addservice", "rmservice", "addsubservice",
            "rmsubservice", "addresource", "rmresource", "nodeid", "votes", "exp", "exprm");
    /** Options that take none. */
    static final Set<String> FLAGS = Set.of("help", "getconf", "setconf", "checkconf", "start", "stop", "startall", "stopall",
            "lsnodes", "lsservices", "listdomains", "getversion", "incversion", "sync", "activate", "lsfencedev", "lsfenceinst",
            "lsfailoverdomain", "settotem", "setrm", "setcman", "setquorumd", "setfencedaemon", "setdlm", "setlogging", "ignore", "debug",
            "noenable", "nodisable", "backup");
    /** Options that use the extra words. */
    static final Set<String> USE_EXTRAS = Set.of("addmethod", "rmmethod", "addfencedev", "addfenceinst", "rmfenceinst",
            "addfailoverdomain", "addfailoverdomainnode", "rmfailoverdomainnode", "addservice", "addsubservice", "rmsubservice",
            "addresource", "rmresource", "lsfenceinst", "settotem", "setrm", "setcman", "setquorumd", "setfencedaemon", "setdlm", "setlogging", "exp");
    private static final Map<Character, String> SHORT = Map.of('h', "host", 'f', "file", 'p', "password", 'i', "ignore",
            'd', "debug", 'b', "backup");

    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> extras = new ArrayList<>();

    private CcsOptions() {}

    public static CcsOptions parse(List<String> args) throws CcsException {
        CcsOptions o = new CcsOptions();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                o.extras.addAll(args.subList(i + 1, args.size()));
                break;
            }
            String name;
            String value = null;
            if (a.startsWith("--")) {
                name = a.substring(2);
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
            } else if (a.startsWith("-") && a.length() >= 2) {
                name = SHORT.get(a.charAt(1));
                if (name == null) throw new CcsException("ccs: invalid option -- '" + a.charAt(1) + "'\nTry 'ccs --help'.", CcsException.USAGE);
                if (a.length() > 2) value = a.substring(2);
            } else {
                o.extras.add(a);
                continue;
            }
            if (WITH_ARGUMENT.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) throw new CcsException("ccs: option '--" + name + "' requires an argument", CcsException.USAGE);
                    value = args.get(++i);
                }
            } else if (FLAGS.contains(name)) {
                if (value != null) throw new CcsException("ccs: option '--" + name + "' doesn't allow an argument", CcsException.USAGE);
                value = "";
            } else {
                throw new CcsException("ccs: unrecognized option '" + a + "'\nTry 'ccs --help'.", CcsException.USAGE);
            }
            o.options.put(name, value);
        }
        long users = o.options.keySet().stream().filter(USE_EXTRAS::contains).count();
        if (users > 1 && !o.extras.isEmpty())
            throw new CcsException("ccs: the options " + o.options.keySet().stream().filter(USE_EXTRAS::contains).toList()
                    + " would share the words " + o.extras + "; give them in separate ccs commands", CcsException.USAGE);
        if (users == 0 && !o.extras.isEmpty())
            throw new CcsException("ccs: unexpected words " + o.extras + "\nTry 'ccs --help'.", CcsException.USAGE);
        return o;
    }

    public boolean has(String name) {
        return options.containsKey(name);
    }

    public String get(String name) {
        return options.get(name);
    }

    public List<String> extras() {
        return List.copyOf(extras);
    }

    /** The extra words, requiring at least {@code min} of them. */
    public List<String> extras(String option, int min, String usage) throws CcsException {
        if (extras.size() < min) throw new CcsException("ccs: usage: --" + option + " " + usage, CcsException.USAGE);
        return List.copyOf(extras);
    }
}
