/** Sunstone's edges: oned's XML-RPC API, the cluster tools, the session file. */
package org.nebulaha.sunstone.io;
