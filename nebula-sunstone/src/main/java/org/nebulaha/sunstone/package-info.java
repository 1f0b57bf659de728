/** sunstone-server: the web interface. */
package org.nebulaha.sunstone;
