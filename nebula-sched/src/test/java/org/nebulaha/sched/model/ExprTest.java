package org.nebulaha.sched.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExprTest {
    static final Map<String, String> HOST = Map.of("NAME", "node12", "HYPERVISOR", "kvm", "CPUSPEED", "2400", "FREE_CPU", "350", "RUNNING_VMS", "3");

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", value = {
        "HYPERVISOR = \"kvm\" => true",
        "HYPERVISOR != \"kvm\" => false",
        "NAME = \"node*\" => true",
        "NAME = \"*13\" => false",
        "CPUSPEED > 2000 & FREE_CPU >= 350 => true",
        "CPUSPEED < 2000 | !(RUNNING_VMS = 3) => false",
        "GPU = 1 => false",
        "!(GPU = 1) => true",
        "FREE_CPU - RUNNING_VMS * 100 > 40 => true"})
    void requirementsHoldAsOpenNebulaReadsThem(String expr, boolean expected) throws Exception {
        assertThat(Expr.parse(expr).test(HOST::get)).as(expr).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "RUNNING_VMS         | 3",
        "- RUNNING_VMS       | -3",
        "FREE_CPU / 10 + 1   | 36",
        "UNKNOWN_ATTR * 2    | 0",
        "(CPUSPEED > 1) * 5  | 5"})
    void ranksAreArithmetic(String expr, double expected) throws Exception {
        assertThat(Expr.parse(expr).rank(HOST::get)).as(expr).isEqualTo(expected);
    }
}
