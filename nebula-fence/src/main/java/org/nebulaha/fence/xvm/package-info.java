/**
 * The fence_virt wire protocol and its client: the 176-byte request ({@link org.nebulaha.fence.xvm.FenceRequest}),
 * hashes, host records, the challenge-response, and {@link org.nebulaha.fence.xvm.XvmClient} (fence_xvm / fence_virt).
 * Facts: shared/specs/fence-and-conf.md §1; user documentation: docs/fencing.md.
 */
package org.nebulaha.fence.xvm;
