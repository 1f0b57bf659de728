/** XML-RPC on the JDK: a StAX codec (DTDs and external entities off), a server on com.sun.net.httpserver and a client on HttpURLConnection. */
package org.nebulaha.oned.xmlrpc;
