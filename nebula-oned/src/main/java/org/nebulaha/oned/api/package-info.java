/** OpenNebula's XML-RPC methods: signatures, authentication, [success, value, code] replies. */
package org.nebulaha.oned.api;
