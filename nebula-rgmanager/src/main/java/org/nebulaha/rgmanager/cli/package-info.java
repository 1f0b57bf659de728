/**
 * The user-facing tools: {@link org.nebulaha.rgmanager.cli.Clustat} and
 * {@link org.nebulaha.rgmanager.cli.Clusvcadm} format and parse exactly like rgmanager's, taking a
 * snapshot or a request interface so that the node daemon wires them to its local API;
 * {@link org.nebulaha.rgmanager.cli.DryRunCommand} prints what the planner would do for a case folder.
 */
package org.nebulaha.rgmanager.cli;
