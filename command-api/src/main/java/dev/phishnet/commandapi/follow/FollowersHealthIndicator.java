package dev.phishnet.commandapi.follow;

import java.util.List;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP once every follower has read its topic up to where it stood at start-up: before that this instance could accept
 * the token of an ended session or miss an account, so it should get no traffic.
 */
final class FollowersHealthIndicator implements HealthIndicator {

    private final List<TopicFollower<?>> followers;

    FollowersHealthIndicator(List<TopicFollower<?>> followers) {
        this.followers = followers;
    }

    @Override
    public Health health() {
        Health.Builder health = followers.stream().allMatch(TopicFollower::current) ? Health.up() : Health.down();
        followers.forEach(follower -> health.withDetail(follower.topic(),
                follower.current() ? "current" : follower.assigned() ? "catching up" : "not assigned"));
        return health.build();
    }
}
