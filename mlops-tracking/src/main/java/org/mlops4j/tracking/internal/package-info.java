/**
 * Internal: types public only so that the packages of mlops-tracking (the local store and the
 * MLflow client) can share them. Not part of the API; they may change or go without notice.
 */
package org.mlops4j.tracking.internal;
