package dev.phishnet.commandapi.web;

import org.springframework.core.codec.DecodingException;

/**
 * A JSON body whose bytes are not UTF-8 (RFC 8259 8.1). A {@link DecodingException}, so that Spring reports it as an
 * unreadable body like any other, and {@link ApiExceptionHandler} names it.
 */
final class NotUtf8Exception extends DecodingException {

    NotUtf8Exception() {
        super("The request body is not valid UTF-8");
    }
}
