/** Command-line tools of the node daemon: {@code cman_tool}. They only talk to the local API. */
package org.nebulaha.node.cli;
