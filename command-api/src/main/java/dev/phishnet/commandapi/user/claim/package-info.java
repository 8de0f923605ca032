/** Email uniqueness across all tenants: one claim per normalized address, decided like any aggregate. */
package dev.phishnet.commandapi.user.claim;
