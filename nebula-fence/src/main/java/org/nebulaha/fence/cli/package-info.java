/** Thin commands: fence_xvm, fence_virt, fence_virtd, fence_lab. */
package org.nebulaha.fence.cli;
