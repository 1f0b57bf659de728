package org.nebulaha.testkit;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Builds the lib/ folder of a distribution-shaped folder from the test's own class path, so a
 * test can run the shipped launchers and init scripts (which read lib/*) before the real
 * distribution is assembled.
 */
public final class DistFolder {
    private DistFolder() {}

    /** lib/ as the assembly makes it: the class path's jars linked, its class folders packed as jars. */
    public static void fillLib(Path lib) throws IOException {
        Files.createDirectories(lib);
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int n = 0;
        for (String e : cp.split(File.pathSeparator)) {
            Path p = Path.of(e);
            if (Files.isDirectory(p)) jar(p, lib.resolve("classes-" + n++ + ".jar"));
            else if (e.endsWith(".jar") && Files.exists(p)) Files.createSymbolicLink(lib.resolve(n++ + "-" + p.getFileName()), p);
        }
    }

    private static void jar(Path dir, Path target) throws IOException {
        try (OutputStream o = Files.newOutputStream(target); JarOutputStream j = new JarOutputStream(o); Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                j.putNextEntry(new JarEntry(dir.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, j);
                j.closeEntry();
            }
        }
    }
}
