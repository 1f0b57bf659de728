/** The running oned: configuration (oned.conf), the ONE_LOCATION layout and start-up order. */
package org.nebulaha.oned.daemon;
