package org.nebulaha.sched.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nebulaha.oned.model.Template;
import org.nebulaha.sched.model.SchedConf;

/** Reads sched.conf from a file; errors name the file. */
public final class SchedConfFile {
    private SchedConfFile() {}

    public static SchedConf load(Path file) throws IOException, SchedConf.ConfException {
        try {
            return SchedConf.parse(Files.readString(file), file.toString());
        } catch (Template.SyntaxException e) {
            throw new SchedConf.ConfException(file + ": " + e.getMessage());
        }
    }
}
