/**
 * Felix HTTP / Jetty specifics, kept apart so the rest of the core stays container-neutral: the
 * typed JSON body for requests Jetty refuses before any servlet runs. Imported optionally.
 */
package dev.nexo.core.internal.http.jetty;
