/** The dummy im/vmm/tm drivers: a durable record of what exists per host, and OpenNebula's fault injection files. */
package org.nebulaha.oned.driver.dummy;
