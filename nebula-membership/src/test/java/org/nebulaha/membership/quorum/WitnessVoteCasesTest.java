package org.nebulaha.membership.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nebulaha.common.AtomicFiles;

/**
 * The witness's ffsplit decision, one dynamic test per folder under src/test/cases/witness: state.txt
 * ({@code # what this case shows}, {@code previous {1,2}}, {@code report NODEID {MEMBERS}} per
 * connected node) and expected.txt (the vote, each node's answer, the reason). Run with
 * {@code -Dcases.update=true} to rewrite the expected files, then review the diff like code.
 */
class WitnessVoteCasesTest {
    static final Path CASES = Path.of("src/test/cases/witness");

    @TestFactory
    Stream<DynamicTest> everyCaseFolder() throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(CASES)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(dirs).as("case folders in " + CASES.toAbsolutePath()).hasSizeGreaterThan(8);
        boolean update = Boolean.getBoolean("cases.update");
        return dirs.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> runCase(dir, update)));
    }

    static void runCase(Path dir, boolean update) throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("state.txt"));
        assertThat(lines).as(dir + "/state.txt must start with '# what this case shows'").isNotEmpty();
        assertThat(lines.get(0)).startsWith("# ");
        Map<Integer, Set<Integer>> reports = new TreeMap<>();
        Optional<Set<Integer>> previous = Optional.empty();
        for (String line : lines.subList(1, lines.size())) {
            String[] w = line.strip().split("\\s+");
            if (line.isBlank() || line.startsWith("#")) continue;
            switch (w[0]) {
                case "previous" -> previous = Optional.of(set(w[1]));
                case "report" -> reports.put(Integer.parseInt(w[1]), set(w[2]));
                default -> throw new AssertionError(dir + "/state.txt: unknown line '" + line + "'");
            }
        }
        WitnessVote.Decision d = WitnessVote.decide(reports, previous);
        StringBuilder actual = new StringBuilder("vote " + d.votedFor().map(WitnessVote::ids).orElse(d.waiting() ? "none (waiting)" : "none") + "\n");
        reports.forEach((id, m) -> actual.append("answer ").append(id).append(' ').append(d.answerFor(m)).append('\n'));
        actual.append("reason ").append(d.reason()).append('\n');
        Path expectedFile = dir.resolve("expected.txt");
        if (update) {
            AtomicFiles.write(expectedFile, actual.toString());
            return;
        }
        String expected = Files.exists(expectedFile) ? Files.readString(expectedFile) : "";
        assertThat(actual.toString()).as("decision for " + dir.getFileName() + " (" + lines.get(0).substring(2)
                + "); rerun with -Dcases.update=true to accept it").isEqualTo(expected);
    }

    static Set<Integer> set(String text) {
        String inner = text.replace("{", "").replace("}", "").strip();
        if (inner.isEmpty()) return Set.of();
        return Arrays.stream(inner.split(",")).map(String::strip).map(Integer::valueOf).collect(Collectors.toSet());
    }
}
