package dev.phishnet.commandapi.authapi;

/** Delivers a sign-in code to the user's address. Implementations must not log the code (but for the console one). */
@FunctionalInterface
public interface OneTimeCodeSender {

    void send(String email, String code);
}
