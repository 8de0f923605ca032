/**
 * Benchmarks on the real local stack, each beside its floor or peer in one run: profile updates ({@code users}),
 * sessions, and audit queries during retention purges ({@code retention}).
 */
package dev.phishnet.bench;
