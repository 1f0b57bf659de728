package org.nebulaha.lab;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.nebulaha.common.AtomicFiles;

/** What {@code lab up} made, kept in {@code DIR/lab.properties} so later lab commands find it. */
final class LabState {
    private final Path file;
    private final Properties p = new Properties();

    private LabState(Path file) {
        this.file = file;
    }

    static Optional<LabState> load(Path dir) {
        Path f = dir.resolve("lab.properties");
        if (!Files.isRegularFile(f)) return Optional.empty();
        LabState s = new LabState(f);
        try {
            s.p.load(new StringReader(Files.readString(f)));
        } catch (IOException e) {
            throw new LabException("cannot read " + f + ": " + e.getMessage());
        }
        return Optional.of(s);
    }

    static LabState create(Path dir) {
        return new LabState(dir.resolve("lab.properties"));
    }

    String get(String key) {
        return p.getProperty(key);
    }

    int nodes() {
        return Integer.parseInt(p.getProperty("nodes", "2"));
    }

    Optional<Long> pid(String host) {
        String v = p.getProperty("pid." + host);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(v));
    }

    LabState set(String key, String value) {
        p.setProperty(key, value);
        return this;
    }

    LabState setPid(String host, Long pid) {
        return set("pid." + host, pid == null ? "" : String.valueOf(pid));
    }

    void save() {
        try {
            StringWriter w = new StringWriter();
            p.store(w, "nebula-ha lab: written by lab up, read by every lab command");
            AtomicFiles.write(file, w.toString());
        } catch (IOException e) {
            throw new LabException("cannot write " + file + ": " + e.getMessage());
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new LabException("cannot remove " + file + ": " + e.getMessage());
        }
    }
}
