package org.nebulaha.fence.cli;

/**
 * {@code fence_virt}: fence_xvm's options plus {@code -T address} / {@code ipaddr=} to reach
 * fence_virtd's TCP listener directly instead of by multicast. (Serial, VMChannel and vsock modes
 * of the original are not provided.)
 */
public final class FenceVirtCommand {
    private FenceVirtCommand() {}

    public static void main(String[] args) {
        System.exit(new FenceXvmCommand("fence_virt", true, System.out, System.err).run(args, System.in));
    }
}
