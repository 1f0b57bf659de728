/**
 * fence_virtd: configuration ({@link org.nebulaha.fence.virtd.ConfParser}, {@link org.nebulaha.fence.virtd.VirtdConfig}),
 * the pure packet rules ({@link org.nebulaha.fence.virtd.PacketCheck}, {@link org.nebulaha.fence.virtd.RecentRequests},
 * {@link org.nebulaha.fence.virtd.Permissions}), the listeners, and the libvirt and lab backends.
 */
package org.nebulaha.fence.virtd;
