/**
 * The shipped example as a face: builds the InfraFabric Phase 0 repository, plays its second window
 * through Junction, and answers what it did; the CLI's {@code junction demo} renders it. Uses
 * {@code app} and the layers below; nothing imports it.
 */
package dev.junction.demo;
