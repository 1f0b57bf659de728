package org.nebulaha.rgmanager.agent;

/**
 * The outcome of one agent operation, with OCF's exit codes: 0 success, 1 generic error,
 * 2 bad arguments, 4 permission, 5 not installed, 6 not configured, 7 not running.
 */
public record AgentResult(int code, String message) {
    public static final int OCF_SUCCESS = 0;
    public static final int OCF_ERR_GENERIC = 1;
    public static final int OCF_ERR_ARGS = 2;
    public static final int OCF_ERR_UNIMPLEMENTED = 3;
    public static final int OCF_ERR_PERM = 4;
    public static final int OCF_ERR_INSTALLED = 5;
    public static final int OCF_ERR_CONFIGURED = 6;
    public static final int OCF_NOT_RUNNING = 7;

    public static AgentResult ok(String message) {
        return new AgentResult(OCF_SUCCESS, message);
    }

    public static AgentResult error(int code, String message) {
        if (code == OCF_SUCCESS) throw new IllegalArgumentException("error with code 0: " + message);
        return new AgentResult(code, message);
    }

    public boolean isOk() {
        return code == OCF_SUCCESS;
    }

    @Override
    public String toString() {
        return (isOk() ? "ok" : "rc " + code) + ": " + message;
    }
}
