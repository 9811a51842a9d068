/**
 * The server face, {@code junction serve}: JSON resources over HTTP (Javalin on Jetty) that parse,
 * call one {@code app} service, render its outcome with {@link dev.junction.app.JsonContract} and
 * map its disposition to a status; uses {@code app} and the records it returns, nothing else.
 */
package dev.junction.server;
