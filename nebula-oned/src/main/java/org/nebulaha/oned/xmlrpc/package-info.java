/** XML-RPC on the JDK: a StAX codec (DTDs and external entities off), a server on Jetty (nebula-common BoundedHttpServer) and a client on HttpURLConnection. */
package org.nebulaha.oned.xmlrpc;
