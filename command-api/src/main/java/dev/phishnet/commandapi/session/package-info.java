/** The sessions aggregate as pure functions: sign-ins, refreshes, sign-outs and lockouts of one user. */
package dev.phishnet.commandapi.session;
