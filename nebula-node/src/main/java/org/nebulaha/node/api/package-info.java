/**
 * The node daemon's local API: a Unix domain socket ({@code /var/run/cluster/nebula.sock} under
 * NebulaRoot) with a line-based text protocol, and the client every command-line tool uses.
 * The protocol is documented in docs/membership.md and on {@link org.nebulaha.node.api.ApiClient}.
 */
package org.nebulaha.node.api;
