/** Benchmarks on the real local stack, each beside its floor in one run: profile updates ({@code users}) and sessions. */
package dev.phishnet.bench;
