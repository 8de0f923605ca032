/** Failed sign-ins per client address, whichever accounts they named, and the address lockouts they lead to. */
package dev.phishnet.commandapi.session.address;
