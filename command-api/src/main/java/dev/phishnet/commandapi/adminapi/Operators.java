package dev.phishnet.commandapi.adminapi;

import dev.phishnet.commandapi.security.Caller;
import dev.phishnet.commandapi.web.ApiProblem;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Who may act on the read models themselves (rebuilds, parked events): an {@code admin} of the operator tenant
 * ({@code platform.operations.operator-tenant}, default {@code default}). These actions are platform-wide (a rebuild
 * replays every tenant's events, a parked event may belong to any tenant), so an admin of any other tenant is refused.
 */
@Component
public class Operators {

    private final String operatorTenant;

    public Operators(@Value("${platform.operations.operator-tenant:default}") String operatorTenant) {
        this.operatorTenant = operatorTenant;
    }

    public boolean isOperator(Caller caller) {
        return caller.isAdmin() && caller.tenantId().equals(operatorTenant);
    }

    /** @throws ApiProblem 403 unless the caller is an operator */
    public void requireOperator(Caller caller) {
        if (!isOperator(caller)) {
            throw ApiProblem.forbidden("only an admin of the operator tenant manages the read models");
        }
    }

    public String operatorTenant() {
        return operatorTenant;
    }
}
