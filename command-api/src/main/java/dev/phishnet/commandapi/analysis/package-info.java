/** Email analyses as pure functions: what an email is looked up by, the verdict its matches give, and the decisions on its lifecycle. */
package dev.phishnet.commandapi.analysis;
