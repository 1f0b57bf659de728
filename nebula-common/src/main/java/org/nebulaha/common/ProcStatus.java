package org.nebulaha.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** What /proc/PID/status says of a process: its resident memory, for the benchmarks that print it. */
public final class ProcStatus {
    private ProcStatus() {}

    /** VmRSS of {@code pid} in KiB; empty when the process is gone (or has no such line: a zombie). */
    public static OptionalLong rssKib(long pid) {
        return field(pid, "VmRSS:");
    }

    /** RssAnon of {@code pid} in KiB: its private memory, without the mapped files (libjvm, the class archive) shared by every JVM. */
    public static OptionalLong rssAnonKib(long pid) {
        return field(pid, "RssAnon:");
    }

    private static OptionalLong field(long pid, String name) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status")))
                if (l.startsWith(name)) return OptionalLong.of(Long.parseLong(l.replaceAll("[^0-9]", "")));
        } catch (IOException | NumberFormatException e) {
            // gone, or not a status file we can read
        }
        return OptionalLong.empty();
    }
}
