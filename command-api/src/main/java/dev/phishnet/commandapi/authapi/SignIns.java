package dev.phishnet.commandapi.authapi;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.phishnet.commandapi.CommandApiProperties;
import dev.phishnet.commandapi.follow.CatchUp;
import dev.phishnet.commandapi.follow.Credential;
import dev.phishnet.commandapi.follow.Credentials;
import dev.phishnet.commandapi.follow.SessionStatus;
import dev.phishnet.commandapi.follow.TopicFollower;
import dev.phishnet.commandapi.gateway.CommandEnvelopes;
import dev.phishnet.commandapi.gateway.CommandGateway;
import dev.phishnet.commandapi.gateway.CommandOutcomeUnknownException;
import dev.phishnet.commandapi.messages.RoutingKeys;
import dev.phishnet.commandapi.session.IpAddress;
import dev.phishnet.commandapi.token.AccessTokens;
import dev.phishnet.commandapi.user.Email;
import dev.phishnet.commandapi.user.Role;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.UserId;
import dev.phishnet.commandapi.userapi.PasswordHasher;
import dev.phishnet.commandapi.web.ApiProblem;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import dev.phishnet.schemas.envelope.Actor;
import dev.phishnet.schemas.session.Client;
import dev.phishnet.schemas.session.IssueOneTimeCode;
import dev.phishnet.schemas.session.LoginMethod;
import dev.phishnet.schemas.session.RecordFailedLogin;
import dev.phishnet.schemas.session.RecordFailedLoginFromAddress;
import dev.phishnet.schemas.session.RefreshSession;
import dev.phishnet.schemas.session.StartSession;
import dev.phishnet.schemas.user.UpgradePasswordHash;
import dev.phishnet.schemas.user.UserEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The sign-in flows. A password is verified here, off the event loop, against the credential this instance follows;
 * the command carries the credential version it was checked against, and the processor refuses a stale one (then the
 * flow catches up and checks once more). One-time codes and refresh tokens are checked by the processor against their
 * keyed hashes. Every failure looks the same to the caller (401), whatever part was wrong; a lock is a 429 with
 * {@code Retry-After}. An address or account already locked is refused here, without a command: a flood of attempts
 * costs neither a password hash nor a Kafka write.
 */
final class SignIns {

    private static final Logger log = LoggerFactory.getLogger(SignIns.class);
    private static final Clock CLOCK = Clock.systemUTC();
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String BAD_CREDENTIALS = "invalid email or password";
    static final String BAD_CODE = "invalid email or code";
    static final String BAD_REFRESH_TOKEN = "the refresh token is not valid";
    private static final String STALE_CREDENTIAL = "STALE_CREDENTIAL";

    private final CommandGateway gateway;
    private final Credentials credentials;
    private final TopicFollower<UserEvent> credentialsFollower;
    private final SessionStatus status;
    private final CatchUp catchUp;
    private final PasswordHasher hasher;
    private final AccessTokens tokens;
    private final SecretHashes hashes;
    private final OneTimeCodeSender codes;
    private final CommandApiProperties settings;
    private final Counter refusedWhileLocked;

    SignIns(CommandGateway gateway, Credentials credentials, TopicFollower<UserEvent> credentialsFollower,
            SessionStatus status, CatchUp catchUp, PasswordHasher hasher, AccessTokens tokens,
            SecretHashes hashes, OneTimeCodeSender codes, CommandApiProperties settings, MeterRegistry meters) {
        this.gateway = gateway;
        this.credentials = credentials;
        this.credentialsFollower = credentialsFollower;
        this.status = status;
        this.catchUp = catchUp;
        this.hasher = hasher;
        this.tokens = tokens;
        this.hashes = hashes;
        this.codes = codes;
        this.settings = settings;
        this.refusedWhileLocked = Counter.builder("phishnet.auth.refused.locked")
                .description("Sign-in attempts refused at the edge because the account or address was locked")
                .register(meters);
    }

    Mono<SignedIn> withPassword(String email, String password, Client client, Actor actor) {
        return Mono.defer(() -> {
            refuseLockedAddress(client);
            return account(email);
        }).flatMap(found -> found.isPresent()
                ? checkPassword(found.get(), password, client, actor, true)
                : hasher.matches(password, null).then(unknownAccount(client, actor, BAD_CREDENTIALS)));
    }

    Mono<SignedIn> withCode(String email, String code, Client client, Actor actor) {
        return Mono.defer(() -> {
            refuseLockedAddress(client);
            return account(email);
        }).flatMap(found -> {
            if (found.isEmpty()) {
                return unknownAccount(client, actor, BAD_CODE);
            }
            Credential credential = found.get();
            refuseLockedUser(credential);
            StartSession start = startSession(LoginMethod.ONE_TIME_CODE, null,
                    hashes.oneTimeCode(credential.userId(), code), client);
            return start(credential, start, actor, BAD_CODE, null);
        });
    }

    /**
     * Completes once the credentials view holds everything the broker has: the same check for every address, which
     * fails (503 with {@code Retry-After}) while the broker is away. A code request is answered only after it, so
     * that its 202 is not given for a code that cannot be issued.
     */
    Mono<Void> readyForCodes() {
        return caughtUp();
    }

    /**
     * Issues a code for an active account and hands it to the sender, in the background: the caller is answered at
     * once, the same for every address, so that neither the answer nor its timing tells which addresses have an
     * account. Called after {@link #readyForCodes()}: the view is current, so the address is looked up as it stands
     * (no second catch-up, another broker round trip, for every address that has no account).
     */
    void requestCode(String email, Client client, Actor actor) {
        Mono.just(credentials.byEmail(Email.of(email).value()))
                .flatMap(found -> Mono.justOrEmpty(found.filter(Credential::active)))
                .flatMap(credential -> {
                    String code = String.format("%06d", RANDOM.nextInt(1_000_000));
                    IssueOneTimeCode issue = new IssueOneTimeCode(hashes.oneTimeCode(credential.userId(), code),
                            client);
                    return send(credential, issue, actor)
                            .filter(CommandOutcome::getAccepted)
                            .doOnNext(accepted -> codes.send(credential.email(), code));
                })
                .subscribe(ignored -> { }, failure -> log.warn("A one-time code could not be issued: {}",
                        failure.getMessage()));
    }

    Mono<SignedIn> refresh(String text, Client client, Actor actor) {
        Optional<RefreshToken> parsed = RefreshToken.parse(text);
        if (parsed.isEmpty()) {
            return Mono.error(ApiProblem.unauthenticated(BAD_REFRESH_TOKEN));
        }
        RefreshToken presented = parsed.get();
        return accountById(presented.userId()).flatMap(found -> {
            if (found.isEmpty()) {
                return Mono.error(ApiProblem.unauthenticated(BAD_REFRESH_TOKEN));
            }
            Credential credential = found.get();
            RefreshToken next = RefreshToken.issue(credential.userId(), presented.sessionId());
            RefreshSession refresh = new RefreshSession(presented.sessionId(), hashes.refreshToken(presented),
                    hashes.refreshToken(next), client);
            return send(credential, refresh, actor).flatMap(outcome -> outcome.getAccepted()
                    ? Mono.just(signedIn(credential, outcome, next))
                    : Mono.error(ApiProblem.unauthenticated(BAD_REFRESH_TOKEN)));
        });
    }

    private Mono<SignedIn> checkPassword(Credential credential, String password, Client client, Actor actor,
            boolean mayCatchUp) {
        refuseLockedUser(credential);
        return hasher.matches(password, credential.passwordHash()).flatMap(matches -> {
            if (matches) {
                StartSession start = startSession(LoginMethod.PASSWORD, credential.credentialVersion(), null, client);
                Supplier<Mono<SignedIn>> whenStale = mayCatchUp
                        ? () -> newer(credential).flatMap(newer -> checkPassword(newer, password, client, actor, false))
                        : null;
                return start(credential, start, actor, BAD_CREDENTIALS, whenStale)
                        .flatMap(signedIn -> upgradeLegacyHash(credential, password, actor).thenReturn(signedIn));
            }
            if (mayCatchUp) {
                // A password changed a moment ago may not have reached this instance yet.
                return newer(credential).flatMap(newer -> newer.credentialVersion() != credential.credentialVersion()
                        ? checkPassword(newer, password, client, actor, false)
                        : failedPassword(credential, client, actor));
            }
            return failedPassword(credential, client, actor);
        });
    }

    /**
     * After a successful sign-in with a legacy (bcrypt) hash: replaces it by a current hash of the same password,
     * compare-and-set against the hash just verified. A failure here does not fail the sign-in; the next one retries.
     */
    private Mono<Void> upgradeLegacyHash(Credential credential, String password, Actor actor) {
        if (!PasswordHasher.isLegacy(credential.passwordHash())) {
            return Mono.empty();
        }
        return hasher.hash(password)
                .flatMap(hash -> send(credential, new UpgradePasswordHash(credential.passwordHash(), hash), actor))
                .doOnNext(outcome -> {
                    if (!outcome.getAccepted()) {
                        log.info("Legacy password hash of user {} not upgraded: {}", credential.userId(),
                                outcome.getRejection().getMessage());
                    }
                })
                .onErrorResume(error -> {
                    log.warn("Legacy password hash of user {} not upgraded: {}", credential.userId(),
                            error.getClass().getSimpleName());
                    return Mono.empty();
                })
                .then();
    }

    private Mono<SignedIn> failedPassword(Credential credential, Client client, Actor actor) {
        return send(credential, new RecordFailedLogin(LoginMethod.PASSWORD, client), actor)
                .flatMap(outcome -> Mono.error(refusal(outcome, BAD_CREDENTIALS)));
    }

    private Mono<SignedIn> unknownAccount(Client client, Actor actor, String message) {
        IpAddress ip = IpAddress.of(client.getIp());
        String address = RoutingKeys.address(ip);
        CommandEnvelope command = CommandEnvelopes.of(settings.registration().defaultTenant(), address, actor, null,
                new RecordFailedLoginFromAddress(ip.value(), null), CLOCK);
        return send(address, command).flatMap(outcome -> Mono.error(refusal(outcome, message)));
    }

    private Mono<SignedIn> start(Credential credential, StartSession start, Actor actor, String message,
            Supplier<Mono<SignedIn>> whenStale) {
        RefreshToken refresh = RefreshToken.issue(credential.userId(), start.getSessionId());
        start.setRefreshTokenHash(hashes.refreshToken(refresh));
        return send(credential, start, actor).flatMap(outcome -> {
            if (outcome.getAccepted()) {
                return Mono.just(signedIn(credential, outcome, refresh));
            }
            if (whenStale != null && STALE_CREDENTIAL.equals(outcome.getRejection().getCode())) {
                return whenStale.get();
            }
            return Mono.error(refusal(outcome, message));
        });
    }

    private static StartSession startSession(LoginMethod method, Integer credentialVersion, String codeHash,
            Client client) {
        // The refresh token's hash is set once the token is drawn (it names the session).
        return new StartSession(UUID.randomUUID().toString(), method, credentialVersion, codeHash, "", client);
    }

    private SignedIn signedIn(Credential credential, CommandOutcome outcome, RefreshToken refresh) {
        String tenant = outcome.getDetails().getOrDefault("tenant", credential.tenantId());
        String roles = outcome.getDetails().get("roles");
        List<String> names = roles != null
                ? Arrays.stream(roles.split(",")).filter(role -> !role.isBlank()).toList() : credential.roles();
        Set<Role> granted = names.stream().map(name -> Role.valueOf(name.strip().toUpperCase(Locale.ROOT)))
                .collect(Collectors.toSet());
        return SignedIn.bearer(tokens.issue(UserId.of(credential.userId()), TenantId.of(tenant), granted,
                refresh.sessionId()), refresh);
    }

    /**
     * A refusal with a retry-after is a lock, in force or just engaged by this very failure (then the attempt that
     * locked is a 429 too): the caller learns when to come back, not which part was wrong.
     */
    private ApiProblem refusal(CommandOutcome outcome, String message) {
        var rejection = outcome.getRejection();
        if (rejection != null && rejection.getRetryAfterSeconds() != null) {
            return ApiProblem.locked("too many failed sign-ins; try again later",
                    Duration.ofSeconds(rejection.getRetryAfterSeconds()));
        }
        if (rejection != null && "LOCKED".equals(rejection.getCode())) {
            return ApiProblem.locked("too many failed sign-ins; try again later", Duration.ofMinutes(1));
        }
        return ApiProblem.unauthenticated(message);
    }

    private void refuseLockedAddress(Client client) {
        refuseLocked(status.addressLockedUntil(client.getIp()));
    }

    private void refuseLockedUser(Credential credential) {
        refuseLocked(status.userLockedUntil(credential.userId()));
    }

    private void refuseLocked(Optional<Instant> until) {
        if (until.isPresent()) {
            refusedWhileLocked.increment();
            throw ApiProblem.locked("too many failed sign-ins; try again later",
                    Duration.between(CLOCK.instant(), until.get()));
        }
    }

    /** By the address as registration normalized it (trimmed, lower-cased): any spelling of it signs in. */
    private Mono<Optional<Credential>> account(String email) {
        String normalized = Email.of(email).value();
        Optional<Credential> found = credentials.byEmail(normalized);
        return found.isPresent() ? Mono.just(found)
                : caughtUp().then(Mono.fromSupplier(() -> credentials.byEmail(normalized)));
    }

    private Mono<Optional<Credential>> accountById(String userId) {
        Optional<Credential> found = credentials.byUserId(userId);
        return found.isPresent() ? Mono.just(found)
                : caughtUp().then(Mono.fromSupplier(() -> credentials.byUserId(userId)));
    }

    private Mono<Credential> newer(Credential credential) {
        return caughtUp().then(Mono.fromSupplier(() -> credentials.byUserId(credential.userId()).orElse(credential)));
    }

    private Mono<Void> caughtUp() {
        return catchUp.await(credentialsFollower).onErrorMap(CatchUp.FollowerBehindException.class,
                behind -> ApiProblem.unavailable("sign-in is catching up; retry shortly",
                        settings.commands().retryAfter()));
    }

    private Mono<CommandOutcome> send(Credential credential, Object payload, Actor actor) {
        CommandEnvelope command = CommandEnvelopes.of(credential.tenantId(), credential.userId(), actor, null,
                payload, CLOCK);
        return send(RoutingKeys.user(UserId.of(credential.userId())), command);
    }

    private Mono<CommandOutcome> send(String routingKey, CommandEnvelope command) {
        return gateway.send(routingKey, command)
                .onErrorMap(CommandOutcomeUnknownException.class, unknown -> ApiProblem.unavailable(
                        "the outcome of the sign-in is not known yet; retry later",
                        settings.commands().retryAfter()));
    }
}
