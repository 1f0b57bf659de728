package org.nebulaha.fence.xvm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared key: the file's bytes as they are (newlines included), at most the first 4096.
 * There is no format; {@code dd if=/dev/urandom bs=512 count=1} or a 32-character ASCII string both work.
 */
public final class KeyFile {
    public static final int MAX = 4096;

    private KeyFile() {}

    public static byte[] read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] key = in.readNBytes(MAX);
            if (key.length == 0) throw new IOException(file + ": key file is empty");
            return key;
        }
    }
}
