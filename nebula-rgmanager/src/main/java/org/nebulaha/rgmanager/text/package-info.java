/**
 * The planner's input as readable text (state.txt): used by the case folders, the rg_test dry-run
 * tool and the inputs the daemon saves for replay.
 */
package org.nebulaha.rgmanager.text;
