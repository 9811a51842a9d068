/** The {@code junction} command line: parses, calls one service, renders text or JSON. */
package dev.junction.cli;
