package org.nebulaha.conf.ccs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nebulaha.conf.ConfException;
import org.nebulaha.conf.xml.XmlElement;
import org.nebulaha.conf.xml.XmlReader;
import org.nebulaha.conf.xml.XmlWriter;

/** The guide's reference cluster.conf and ccs commands (test resources), and how to compare with them. */
public final class CcsGuide {
    private CcsGuide() {}

    public static String resource(String name) {
        try (InputStream in = CcsGuide.class.getResourceAsStream("/guide/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The guide's commands as argument lists; with {@code edits}, only those that change the file. */
    public static List<List<String>> commands(boolean edits) {
        List<List<String>> r = new ArrayList<>();
        for (String line : resource("commands.txt").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            boolean edit = !line.startsWith("!");
            if (edits && !edit) continue;
            r.add(new ArrayList<>(Arrays.asList(line.replaceFirst("^! ", "").split(" "))));
        }
        return r;
    }

    /**
     * The file as the guide prints it, for comparison: without config_version (the guide's 17
     * counts edits it does not show), without attributes that only restate a default (the guide's
     * own commands give monitor_link=1 and autostart=1, its printed file omits them), and, with
     * {@code withoutFencing}, without the fencing elements the guide adds after printing it.
     */
    public static String canonical(XmlElement tree, boolean withoutFencing) {
        XmlElement t = tree.deepCopy();
        t.removeAttr("config_version");
        for (XmlElement ip : t.descendants("ip")) if ("1".equals(ip.attr("monitor_link"))) ip.removeAttr("monitor_link");
        for (XmlElement s : t.descendants("service")) if ("1".equals(s.attr("autostart"))) s.removeAttr("autostart");
        if (withoutFencing) {
            for (XmlElement n : t.descendants("clusternode")) for (XmlElement f : n.children("fence")) n.remove(f);
            for (XmlElement fds : t.children("fencedevices")) for (XmlElement d : new ArrayList<>(fds.children())) fds.remove(d);
        }
        return XmlWriter.write(t);
    }

    /**
     * The guide's commands as it runs them on one-server1: Step 3 with {@code -h one-server1},
     * Step 4 and the fencing commands without {@code -h} (ricci on localhost), every
     * {@code --sync --activate} with {@code -h one-server1}.
     */
    public static List<List<String>> onlineCommands() {
        List<List<String>> r = new ArrayList<>();
        int section = 0;
        for (List<String> c : commands(false)) {
            List<String> a = new ArrayList<>();
            boolean sync = c.contains("--sync");
            if (section == 0 || sync) a.addAll(List.of("-h", "one-server1"));
            a.addAll(c);
            r.add(a);
            if (sync) section++;
        }
        return r;
    }

    public static XmlElement reference() {
        try {
            return XmlReader.read(resource("cluster.conf"), "guide");
        } catch (ConfException e) {
            throw new AssertionError(e);
        }
    }
}
