package dev.phishnet.commandapi.session;

/** How a user proved who they are. */
public enum LoginMethod {
    PASSWORD,
    ONE_TIME_CODE
}
