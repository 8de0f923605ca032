package dev.phishnet.commandapi.contract;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler whose accepted command is answered through {@code CommandResponses}: the contract shows
 * {@code X-Consistency-Token} on its 2xx answers and, when the handler reads one, the {@code Idempotency-Key} request
 * header (with the 422 of a key reused for another request). The handler's signature shows neither: both travel in
 * the raw request and response.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CommandEndpoint {

    /** Whether the handler reads {@code Idempotency-Key} ({@code RequestFingerprints.read}). */
    boolean idempotencyKey() default false;
}
