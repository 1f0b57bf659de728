/**
 * The resource manager's inputs as plain records: who is a member ({@link org.nebulaha.rgmanager.model.ClusterView}),
 * what each service is doing ({@link org.nebulaha.rgmanager.model.ServiceRecord}), and what a node reports it runs
 * ({@link org.nebulaha.rgmanager.model.NodeReport}). No I/O, no clock.
 */
package org.nebulaha.rgmanager.model;
