/** Sunstone's records and pure decisions: VM and host rows, dashboard counts, recover choices, the cluster view. */
package org.nebulaha.sunstone.model;
