package org.nebulaha.rgmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The style guide's check: model and plan do no I/O and never read the clock. */
class ArchitectureTest {
    static final Pattern FORBIDDEN = Pattern.compile("import java\\.net\\.|import java\\.sql\\.|import java\\.nio\\.file\\.|import org\\.jgroups\\."
            + "|Instant\\.now\\(|Clock\\.|System\\.currentTimeMillis|System\\.nanoTime|new Thread|Files\\.");

    @Test
    void modelAndPlanArePure() throws IOException {
        List<String> offences = new ArrayList<>();
        for (String pkg : List.of("model", "plan")) {
            try (Stream<Path> s = Files.walk(Path.of("src/main/java/org/nebulaha/rgmanager", pkg))) {
                for (Path f : s.filter(p -> p.toString().endsWith(".java")).toList()) {
                    List<String> lines = Files.readAllLines(f);
                    for (int i = 0; i < lines.size(); i++)
                        if (FORBIDDEN.matcher(lines.get(i)).find()) offences.add(f + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertThat(offences).isEmpty();
    }
}
