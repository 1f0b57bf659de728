package org.nebulaha.oned.lifecycle;

import org.nebulaha.oned.model.Template;

/**
 * What a VM holds outside itself: the images its DISKs name and the leases its NICs take. The core
 * calls {@link #acquire} when it allocates a VM (before the VM is committed) and {@link #release}
 * once the VM is committed DONE. Called under the core's lock.
 */
public interface VmResources {
    /**
     * The VM template with each DISK=[IMAGE_ID|IMAGE] and NIC=[NETWORK_ID|NETWORK] resolved (images
     * held, leases taken, their attributes filled in) for VM {@code vid} of user {@code uid}; when one
     * cannot be had, throws and holds nothing.
     */
    Template acquire(int vid, int uid, Template t) throws OneError;

    /** Gives back what {@link #acquire} took for VM {@code vid}; never fails (a problem is logged). */
    void release(int vid, Template t);

    VmResources NONE = new VmResources() {
        @Override
        public Template acquire(int vid, int uid, Template t) {
            return t;
        }

        @Override
        public void release(int vid, Template t) {}
    };
}
