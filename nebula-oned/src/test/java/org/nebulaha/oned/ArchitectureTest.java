package org.nebulaha.oned;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nebulaha.testkit.PurePackages;

/** The style guide's check (nebula-testkit PurePackages): plan, model and quorum packages do no I/O, read no clock, start no threads. */
class ArchitectureTest {
    @Test
    void planModelAndQuorumPackagesArePure() {
        PurePackages.assertPure(Path.of("src/main/java"), 20);
    }
}
