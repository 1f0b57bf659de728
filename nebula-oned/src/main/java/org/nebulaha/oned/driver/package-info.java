/** Driver processes and OpenNebula's line protocol: DriverProcess (one process), DriverManager (routing, monitoring, probes), DriverData (VMM message body). */
package org.nebulaha.oned.driver;
