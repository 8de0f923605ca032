/** The sessions aggregate as pure functions: sign-ins, refreshes, sign-outs and lockouts of one user, decided into events. */
package dev.phishnet.commandapi.session;
