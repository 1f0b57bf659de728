/** The sunstone-server command. */
package org.nebulaha.sunstone.cli;
