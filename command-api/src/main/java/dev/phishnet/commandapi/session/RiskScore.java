package dev.phishnet.commandapi.session;

import java.util.ArrayList;
import java.util.List;

/**
 * How unusual a sign-in looks, 0 (not at all) to 100, with the reasons: a pure function of the signals, so that a
 * score can be explained and recomputed. Points: {@code NEW_DEVICE} +30, {@code NEW_IP} +20, {@code RECENT_FAILURES}
 * +10 per counted failure inside the lockout window, at most +40; the sum is capped at 100 (it cannot exceed 90 with
 * these weights; the cap holds whatever weights come later).
 */
public record RiskScore(int score, List<Reason> reasons) {

    public static final RiskScore NONE = new RiskScore(0, List.of());

    public enum Reason {
        NEW_DEVICE,
        NEW_IP,
        RECENT_FAILURES
    }

    static final int NEW_DEVICE_POINTS = 30;
    static final int NEW_IP_POINTS = 20;
    static final int POINTS_PER_FAILURE = 10;
    static final int MAX_FAILURE_POINTS = 40;
    static final int MAX = 100;

    public RiskScore {
        reasons = List.copyOf(reasons);
        if (score < 0 || score > MAX) {
            throw new IllegalArgumentException("risk score must be 0.." + MAX);
        }
    }

    /**
     * @param newDevice the device key was never seen for a user who signed in before
     * @param newIp the address was never seen for a user who signed in before
     * @param recentFailures counted failures inside the lockout window
     */
    public static RiskScore assess(boolean newDevice, boolean newIp, int recentFailures) {
        int score = 0;
        List<Reason> reasons = new ArrayList<>();
        if (newDevice) {
            score += NEW_DEVICE_POINTS;
            reasons.add(Reason.NEW_DEVICE);
        }
        if (newIp) {
            score += NEW_IP_POINTS;
            reasons.add(Reason.NEW_IP);
        }
        if (recentFailures > 0) {
            score += Math.min(MAX_FAILURE_POINTS, POINTS_PER_FAILURE * recentFailures);
            reasons.add(Reason.RECENT_FAILURES);
        }
        return new RiskScore(Math.min(MAX, score), reasons);
    }
}
