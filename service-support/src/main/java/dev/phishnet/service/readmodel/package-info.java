/** Names of the generations of read-model collections (blue/green rebuilds). */
package dev.phishnet.service.readmodel;
