/**
 * The Google BigQuery provider. Only {@link com.carto.connections.bigquery.BigQueryProvider} is public; the rest
 * (properties, dialect, credentials, the job-based client, value mapping, error table, check) is package-private.
 * The module's README lists the properties and the decisions.
 */
package com.carto.connections.bigquery;
