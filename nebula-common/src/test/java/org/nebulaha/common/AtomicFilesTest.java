package org.nebulaha.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheFileAndLeavesNoTemporaryBehind() throws Exception {
        Path f = dir.resolve("sub/cluster.conf");
        AtomicFiles.write(f, "one");
        AtomicFiles.write(f, "two");
        assertThat(Files.readString(f)).isEqualTo("two");
        try (var s = Files.list(f.getParent())) {
            assertThat(s).containsExactly(f);
        }
    }

    @Test
    void givesTheRequestedMode() throws Exception {
        Path f = dir.resolve("key");
        AtomicFiles.write(f, new byte[] {1, 2}, PosixFilePermissions.fromString("r--------"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("r--------");
    }
}
