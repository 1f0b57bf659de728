/** Sunstone's web server: routes, pages, live panels, sessions in cookies. */
package org.nebulaha.sunstone.web;
