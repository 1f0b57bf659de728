/**
 * Resource agents ({@code ip}, {@code script}, {@code ocf}) behind two small edges,
 * {@link org.nebulaha.rgmanager.agent.ProcessRunner} and {@link org.nebulaha.rgmanager.agent.AddressManager},
 * and the service tree walk in rgmanager's type order ({@link org.nebulaha.rgmanager.agent.ServiceTree}).
 * Every operation has a timeout ({@link org.nebulaha.rgmanager.agent.ResourceOps}).
 */
package org.nebulaha.rgmanager.agent;
