package org.nebulaha.sched.model;

/**
 * A VM waiting for a host: PENDING, or RUNNING with RESCHED=1 ({@code resched}, then
 * {@code currentHost} is the host it runs on). {@code cpu} in percent of one core (template
 * CPU × 100), {@code memoryMb} the template MEMORY; {@code requirements}/{@code rank} the
 * template's SCHED_REQUIREMENTS/SCHED_RANK (or 3.x REQUIREMENTS/RANK), null when absent.
 * {@code schedMessage} is the SCHED_MESSAGE in its USER_TEMPLATE (null when none) and
 * {@code otherUserTemplate} the rest of its USER_TEMPLATE as {@code <TEMPLATE>} XML, what is kept
 * when the message is cleared.
 */
public record PendingVm(int id, String name, long cpu, long memoryMb, String requirements, String rank,
                        boolean resched, int currentHost, String schedMessage, String otherUserTemplate) {
    public PendingVm(int id, String name, long cpu, long memoryMb, String requirements, String rank, boolean resched, int currentHost) {
        this(id, name, cpu, memoryMb, requirements, rank, resched, currentHost, null, "<TEMPLATE></TEMPLATE>");
    }

    public long memoryKb() {
        return memoryMb * 1024L;
    }

    /** The reason part of the SCHED_MESSAGE ({@code "<time> : <reason>"}), or null when there is none. */
    public String schedReason() {
        if (schedMessage == null || schedMessage.isEmpty()) return null;
        int sep = schedMessage.indexOf(" : ");
        return sep < 0 ? schedMessage : schedMessage.substring(sep + 3);
    }
}
