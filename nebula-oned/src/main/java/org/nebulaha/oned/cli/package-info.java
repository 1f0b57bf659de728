/** Commands: oned, onevm, onehost (picocli), and the client they share (ONE_XMLRPC, ONE_AUTH). */
package org.nebulaha.oned.cli;
