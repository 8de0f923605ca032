/** What every endpoint shares: errors as problem details naming the field, and consistency tokens. */
package dev.phishnet.commandapi.web;
