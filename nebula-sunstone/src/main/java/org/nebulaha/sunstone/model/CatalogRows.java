package org.nebulaha.sunstone.model;

import java.util.List;

/** Templates, images and virtual networks as Sunstone lists them (from their 4.2 documents). */
public final class CatalogRows {
    private CatalogRows() {}

    /** A VM template: CPU and MEMORY from its body, as Sunstone's templates tab shows them. */
    public record TemplateRow(int id, String name, String owner, long regtime, String cpu, String memoryMb) {}

    /** An image; {@code state} the 4.2 state name (READY, USED, LOCKED ...). */
    public record ImageRow(int id, String name, String owner, String datastore, String type, String state, long sizeMb,
                           boolean persistent, int runningVms) {}

    /** A lease of a network: VID -1 with used = on hold. */
    public record LeaseRow(String ip, String mac, boolean used, int vid) {}

    /** A virtual network with its leases (RANGED: the leases in use; FIXED: all of them). */
    public record VnetRow(int id, String name, String owner, String type, String bridge, String range, long usedLeases, List<LeaseRow> leases) {
        public VnetRow {
            leases = List.copyOf(leases);
        }
    }
}
