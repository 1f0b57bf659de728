package org.nebulaha.sched.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "HYPERVISOR = \"kvm             | unterminated string at column 14",
        "(FREE_CPU > 1                   | missing ')'",
        "FREE_CPU >                      | expression ends too early",
        "FREE_CPU # 2                    | unexpected '#' at column 10"})
    void malformedExpressionsAreRefusedSayingWhere(String expr, String message) {
        assertThatThrownBy(() -> Expr.parse(expr)).isInstanceOf(Expr.ParseException.class).hasMessageContaining(message);
    }

    /** A hostile SCHED_REQUIREMENTS must be a ParseException (a refused VM), not a StackOverflowError that ends mm_sched. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"( | FREE_CPU | ) | nested deeper than 64", "! | FREE_CPU | '' | nested deeper than 64",
        "- | FREE_CPU | '' | nested deeper than 64", "'' | FREE_CPU | + 1 | more than 1000 operators"})
    void hugeExpressionsAreRefusedNotOverflowed(String open, String inner, String close, String message) {
        String deep = open.repeat(50_000) + inner + close.repeat(50_000);
        assertThatThrownBy(() -> Expr.parse(deep)).isInstanceOf(Expr.ParseException.class).hasMessageContaining(message);
    }

    @org.junit.jupiter.api.Test
    void nestingUpToTheLimitStillParses() throws Exception {
        String e = "(".repeat(Expr.MAX_DEPTH) + "FREE_CPU" + ")".repeat(Expr.MAX_DEPTH);
        assertThat(Expr.parse(e).rank(HOST::get)).isEqualTo(350);
    }
}
