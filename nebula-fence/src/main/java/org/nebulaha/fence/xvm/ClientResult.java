package org.nebulaha.fence.xvm;

import java.util.List;

/**
 * The outcome of one fence_xvm request: the server's response byte and, for a list, its hosts;
 * or why there is no response.
 */
public record ClientResult(Failure failure, int response, List<HostRecord> hosts, String detail) {
    public enum Failure { NONE, TIMED_OUT, BAD_CHALLENGE_RESPONSE, CONNECTION_LOST }

    public ClientResult {
        hosts = List.copyOf(hosts);
    }

    static ClientResult answered(int response, List<HostRecord> hosts) {
        return new ClientResult(Failure.NONE, response, hosts, "");
    }

    static ClientResult failed(Failure f, String detail) {
        return new ClientResult(f, Response.FAIL, List.of(), detail);
    }
}
