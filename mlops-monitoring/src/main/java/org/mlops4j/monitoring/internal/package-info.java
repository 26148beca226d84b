/**
 * Internal: types public only so that the packages of mlops-monitoring can share them. Not part of
 * the API; they may change or go without notice.
 */
package org.mlops4j.monitoring.internal;
