package org.nebulaha.fence.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nebulaha.fence.agent.AgentArgs;
import org.nebulaha.fence.lab.LabAgent;
import org.nebulaha.fence.lab.PowerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code fence_lab}: a fence agent for lab hosts. It follows the fence-agents convention (argv
 * options, or name=value lines on stdin when there are none; exit 0 success, 1 failure, 2 OFF for
 * status) and powers hosts through the lab power command ({@link PowerCommand}).
 */
public final class FenceLabCommand {
    /** name, short option, long option, default, description: one table for parsing, usage and metadata. */
    record Param(String name, String shortOpt, String longOpt, String dflt, boolean required, String desc) {}

    static final List<Param> PARAMS = List.of(
            new Param("action", "-o", "--action", "reboot", false,
                    "Fencing action (on, off, reboot, status, list, list-status, monitor, metadata, validate-all)"),
            new Param("plug", "-n", "--plug", null, true, "Lab host to fence"),
            new Param("port", "-H", "--port", null, false, "Lab host to fence (deprecated; use plug)"),
            new Param("power_command", "-x", "--power-command", defaultCommand(), false,
                    "Lab power command, called as: COMMAND off|on|reboot|status HOST, COMMAND list"),
            new Param("power_timeout", "-t", "--power-timeout", "20", false, "Seconds one power command may take"),
            new Param("delay", "-w", "--delay", "0", false, "Seconds to wait before fencing"));
    private static final Set<String> IGNORED = Set.of("nodename", "agent", "verbose", "debug");

    private final PrintStream out;
    private final PrintStream err;

    FenceLabCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new FenceLabCommand(System.out, System.err).run(args, System.in));
    }

    static String defaultCommand() {
        String env = System.getenv("NEBULA_LAB_POWER_COMMAND");
        if (env != null && !env.isBlank()) return env;
        String home = System.getProperty("nebula.home");
        return (home == null ? "/usr/lib/nebula-ha" : home + "/libexec") + "/lab-power";
    }

    int run(String[] args, InputStream stdin) {
        Map<String, String> v = new LinkedHashMap<>();
        try {
            if (args.length > 0) {
                CommandSpec spec = CommandSpec.create();
                for (Param p : PARAMS) spec.addOption(OptionSpec.builder(p.shortOpt(), p.longOpt()).arity("1").type(String.class).build());
                spec.addOption(OptionSpec.builder("-h", "--help").arity("0").type(boolean.class).build());
                spec.parser().overwrittenOptionsAllowed(true);
                ParseResult pr = new CommandLine(spec).parseArgs(args);
                if (pr.hasMatchedOption("-h")) {
                    out.print(usage());
                    return 0;
                }
                for (Param p : PARAMS) if (pr.hasMatchedOption(p.shortOpt())) v.put(p.name(), pr.matchedOptionValue(p.shortOpt(), ""));
            } else {
                for (var e : AgentArgs.parse(new InputStreamReader(stdin, StandardCharsets.UTF_8), err::println).entrySet()) {
                    String k = e.getKey().equals("option") ? "action" : e.getKey();
                    if (IGNORED.contains(k)) continue;
                    if (PARAMS.stream().noneMatch(p -> p.name().equals(k))) err.println("Parse error: Ignoring unknown option '" + e.getKey() + "'");
                    else v.put(k, e.getValue());
                }
            }
        } catch (CommandLine.ParameterException | IOException e) {
            err.println("fence_lab: " + e.getMessage());
            out.print(usage());
            return 1;
        }
        String action = v.getOrDefault("action", "reboot");
        if (action.equals("metadata") || action.equals("meta-data")) {
            out.print(metadata());
            return 0;
        }
        String plug = v.getOrDefault("plug", v.get("port"));
        Set<String> needsPlug = Set.of("on", "off", "reboot", "status", "validate-all");
        if (needsPlug.contains(action) && (plug == null || plug.isBlank())) {
            err.println("Failed: You have to enter plug number or machine identification (plug=HOST or -n HOST)");
            return 1;
        }
        Path cmd = Path.of(v.getOrDefault("power_command", defaultCommand()));
        int timeout;
        int delay;
        try {
            timeout = Integer.parseInt(v.getOrDefault("power_timeout", "20").strip());
            delay = Integer.parseInt(v.getOrDefault("delay", "0").strip());
        } catch (NumberFormatException e) {
            err.println("Failed: power_timeout and delay must be whole seconds: " + e.getMessage());
            return 1;
        }
        if (!Files.isExecutable(cmd)) {
            err.println("Failed: power command " + cmd + " is not executable; set power_command=/path (or -x)");
            return 1;
        }
        if (action.equals("validate-all")) return 0;
        if (delay > 0 && Set.of("on", "off", "reboot").contains(action)) {
            try {
                Thread.sleep(delay * 1000L); // the documented delay option, not synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LabAgent.Outcome o = new LabAgent(new PowerCommand(cmd, Duration.ofSeconds(timeout))).perform(action, plug);
        for (String line : o.lines()) (o.exitCode() == 1 ? err : out).println(line);
        return o.exitCode();
    }

    static String usage() {
        StringBuilder sb = new StringBuilder("Usage:\n\tfence_lab [options]\nOptions:\n");
        for (Param p : PARAMS)
            sb.append(String.format("   %-3s, %-22s %s%n", p.shortOpt(), p.longOpt() + " [val]", p.desc()));
        sb.append("   -h, --help                 Display this help and exit\n")
                .append("With no options, name=value lines are read from standard input (names as in -o metadata).\n");
        return sb.toString();
    }

    static String metadata() {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" ?>\n<resource-agent name=\"fence_lab\" shortdesc=\"Fence agent for nebula-ha lab hosts\">\n");
        sb.append("<longdesc>fence_lab powers lab hosts off and on through the lab power command.</longdesc>\n<vendor-url></vendor-url>\n<parameters>\n");
        for (Param p : PARAMS) {
            sb.append("\t<parameter name=\"").append(p.name()).append("\" unique=\"0\" required=\"").append(p.required() ? 1 : 0).append('"');
            if (p.name().equals("plug")) sb.append(" obsoletes=\"port\"");
            if (p.name().equals("port")) sb.append(" deprecated=\"1\"");
            sb.append(">\n\t\t<getopt mixed=\"").append(p.shortOpt()).append(", ").append(p.longOpt()).append("=[value]\" />\n");
            sb.append("\t\t<content type=\"string\"").append(p.dflt() == null ? "" : " default=\"" + p.dflt() + "\"").append(" />\n");
            sb.append("\t\t<shortdesc lang=\"en\">").append(p.desc()).append("</shortdesc>\n\t</parameter>\n");
        }
        sb.append("</parameters>\n<actions>\n");
        for (String a : List.of("on", "off", "reboot", "status", "list", "list-status", "monitor", "metadata", "validate-all"))
            sb.append("\t<action name=\"").append(a).append("\" />\n");
        sb.append("</actions>\n</resource-agent>\n");
        return sb.toString();
    }
}
