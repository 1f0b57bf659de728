package org.nebulaha.node.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nebulaha.common.AtomicFiles;

/**
 * The daemon's incarnation: a counter in {@code /var/lib/cluster/incarnation} bumped (and written
 * atomically) at every start, so peers can tell a restarted node from the old instance.
 */
public final class Incarnation {
    public static final String FILE = "/var/lib/cluster/incarnation";

    private Incarnation() {}

    public static long next(Path file) throws IOException {
        long prev = 0;
        if (Files.exists(file)) {
            String s = Files.readString(file).strip();
            try {
                prev = Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new IOException(file + ": '" + (s.length() > 20 ? s.substring(0, 20) + "..." : s)
                        + "' is not an incarnation number; remove the file to start again at 1");
            }
            if (prev < 0) throw new IOException(file + ": negative incarnation " + prev + "; remove the file to start again at 1");
        }
        long n = prev + 1;
        AtomicFiles.write(file, n + "\n");
        return n;
    }
}
