/** Contracts shared by Hydrant's modules: errors, clocks, the log and destinations. JDK only. */
package dev.hydrant.spi;
