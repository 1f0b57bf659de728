/**
 * Lab power control shared by fence_virtd's lab backend and the fence_lab agent: the power command
 * convention ({@link org.nebulaha.fence.lab.PowerCommand}) and fence_lab's actions ({@link org.nebulaha.fence.lab.LabAgent}).
 */
package org.nebulaha.fence.lab;
