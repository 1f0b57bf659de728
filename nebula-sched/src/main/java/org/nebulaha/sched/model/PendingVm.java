package org.nebulaha.sched.model;

/**
 * A VM waiting for a host: PENDING, or RUNNING with RESCHED=1 ({@code resched}, then
 * {@code currentHost} is the host it runs on). {@code cpu} in percent of one core (template
 * CPU × 100), {@code memoryMb} the template MEMORY; {@code requirements}/{@code rank} the
 * template's SCHED_REQUIREMENTS/SCHED_RANK (or 3.x REQUIREMENTS/RANK), null when absent.
 */
public record PendingVm(int id, String name, long cpu, long memoryMb, String requirements, String rank,
                        boolean resched, int currentHost) {
    public long memoryKb() {
        return memoryMb * 1024L;
    }
}
