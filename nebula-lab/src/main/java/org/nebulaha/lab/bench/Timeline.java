package org.nebulaha.lab.bench;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a failover's time goes, part by part, from the node daemons' logs (cman.log of every
 * node): the steps the cluster logs between the fault and the client's first answer (seen lost or
 * dead, status check, fenced, stop and start of each resource), each as the time since the step
 * before. Pure: the log lines, the fault's time and the first answer are the inputs.
 */
public final class Timeline {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final Pattern STOP_OR_START = Pattern.compile("\\[(stop|start)\\] (\\S+): ok");
    /** The log lines that mark a step, and the step's name. */
    private static final List<Map.Entry<Pattern, String>> MARKS = List.of(
            Map.entry(Pattern.compile("membership: .* lost: "), "seen lost"),
            Map.entry(Pattern.compile("rgmanager: process \\d+ died"), "seen dead"),
            Map.entry(Pattern.compile("failed its status check"), "status"),
            Map.entry(Pattern.compile("fenced: .* is fenced"), "fenced"),
            Map.entry(Pattern.compile("rgmanager: (stopping service|restarting service:\\S+ in place)"), "decided"),
            Map.entry(Pattern.compile("rgmanager: starting service:"), "start begins"));

    private Timeline() {}

    /** One step: its name and when it ended (epoch ms). */
    public record Mark(String step, long at) {}

    /** The steps logged in {@code (faultAt, firstAnswer]}, in time order; the first answer ends the list. */
    public static List<Mark> marks(List<String> logLines, long faultAt, long firstAnswer, ZoneId zone) {
        List<Mark> out = new ArrayList<>();
        for (String line : logLines) {
            if (line.length() < 23) continue;
            long t;
            try {
                t = LocalDateTime.parse(line.substring(0, 23), TIME).atZone(zone).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                continue;
            }
            if (t <= faultAt || t > firstAnswer) continue;
            String step = step(line);
            if (step != null) out.add(new Mark(step, t));
        }
        out.sort(Comparator.comparingLong(Mark::at));
        out.add(new Mark("answer", firstAnswer));
        return out;
    }

    private static String step(String line) {
        Matcher m = STOP_OR_START.matcher(line);
        if (m.find()) return m.group(1) + " " + name(m.group(2));
        for (Map.Entry<Pattern, String> e : MARKS) if (e.getKey().matcher(line).find()) return e.getValue();
        return null;
    }

    /** script:opennebula -> opennebula; ip:10.10.11.12 -> ip; pgsql:onedb -> pgsql. */
    private static String name(String id) {
        return id.startsWith("script:") ? id.substring(7) : id.replaceFirst(":.*", "");
    }

    /** Each step with the time since the one before (the fault for the first): {@code seen lost +698, fenced +190, ...}. */
    public static Map<String, Long> parts(List<Mark> marks, long faultAt) {
        Map<String, Long> parts = new LinkedHashMap<>();
        long before = faultAt;
        for (Mark m : marks) {
            String key = m.step();
            for (int i = 2; parts.containsKey(key); i++) key = m.step() + " #" + i;
            parts.put(key, Math.max(0, m.at() - before));
            before = Math.max(before, m.at());
        }
        return parts;
    }

    public static String format(Map<String, Long> parts) {
        List<String> s = new ArrayList<>();
        parts.forEach((k, v) -> s.add(k + " +" + v));
        return String.join(", ", s);
    }

    /** The median of each step over runs, in the order the steps first appear. */
    public static Map<String, Long> medians(List<Map<String, Long>> runs) {
        Map<String, List<Long>> all = new LinkedHashMap<>();
        for (Map<String, Long> r : runs) r.forEach((k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        Map<String, Long> med = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            List<Long> sorted = v.stream().sorted().toList();
            med.put(k, sorted.get(sorted.size() / 2));
        });
        return med;
    }
}
