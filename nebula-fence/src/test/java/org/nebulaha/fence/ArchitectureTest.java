package org.nebulaha.fence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nebulaha.testkit.PurePackages;

/**
 * The style guide's check (nebula-testkit PurePackages): the plan package, and fenced's pure
 * classes that predate it (FencePlanner and the values it decides on), do no I/O, read no clock,
 * start no threads.
 */
class ArchitectureTest {
    static final Path FENCED = Path.of("src/main/java/org/nebulaha/fence/fenced");

    @Test
    void planPackageIsPure() {
        PurePackages.assertPure(Path.of("src/main/java"), 3);
    }

    @Test
    void fencedsDecisionClassesArePure() {
        List<Path> pure = List.of("FencePlanner", "FenceDecision", "FenceView", "NodeState", "Reason", "FencedSettings", "FenceStatus").stream()
                .map(n -> FENCED.resolve(n + ".java")).toList();
        assertThat(PurePackages.offencesIn(pure)).isEmpty();
    }
}
