package org.nebulaha.fence.fenced;

/** The rule behind a {@link FenceDecision}, in the order {@link FencePlanner} checks them. */
public enum Reason {
    LEFT_CLEANLY("left-cleanly", "it announced its leave and stopped its services; never fenced"),
    NOT_QUORATE("not-quorate", "this partition is not quorate; only a quorate partition fences"),
    CLEAN_START("clean-start", "clean_start=1: nodes that never joined are assumed clean"),
    TWO_NODE_NO_STARTUP_FENCING("two-node-no-startup-fencing",
            "two_node cluster: a node never seen since this node started is not fenced (that is how fence loops start); it is fenced only after it was seen and then lost"),
    NO_FENCE_METHODS("no-fence-methods", "it has no fence methods: it cannot be fenced, so what it ran is NOT recovered; add a method with ccs --addmethod/--addfenceinst or set fence_daemon skip_undefined=1"),
    SKIP_UNDEFINED("skip-undefined", "it has no fence methods and skip_undefined=1: counted as fenced without fencing"),
    OTHER_MEMBER_FENCES("other-member-fences", "a member with a lower nodeid performs this fence; waiting for its result"),
    POST_FAIL_DELAY_INFINITE("post-fail-delay-infinite", "post_fail_delay=-1: waiting for it to come back (or fence_node by hand)"),
    POST_JOIN_DELAY_INFINITE("post-join-delay-infinite", "post_join_delay=-1: waiting for it to join (or fence_node by hand)"),
    POST_FAIL_DELAY("post-fail-delay", "waiting post_fail_delay after its failure, in case it comes back restarted"),
    RACE_DELAY("race-delay", "two_node split: the peer has the lower nodeid and fences first; waiting race_delay, then fencing only if still alive"),
    POST_JOIN_DELAY("post-join-delay", "never joined since this node started; waiting post_join_delay for it to join"),
    MEMBER_FAILED("member-failed", "lost without a clean leave"),
    STARTUP_FENCING("startup-fencing", "never joined within post_join_delay after the partition became quorate");

    private final String rule;
    private final String text;

    Reason(String rule, String text) {
        this.rule = rule;
        this.text = text;
    }

    /** Short rule name used in logs and tests, e.g. {@code race-delay}. */
    public String rule() {
        return rule;
    }

    /** One sentence saying what the rule means. */
    public String text() {
        return text;
    }
}
