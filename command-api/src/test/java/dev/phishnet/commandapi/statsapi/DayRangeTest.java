package dev.phishnet.commandapi.statsapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import dev.phishnet.commandapi.web.ApiProblem;
import org.junit.jupiter.api.Test;

class DayRangeTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-03-15");

    @Test
    void byDefaultTheThirtyDaysUpToTodayBothIncluded() {
        assertThat(DayRange.parse(null, null, TODAY))
                .isEqualTo(new DayRange(LocalDate.parse("2026-02-14"), TODAY));
    }

    @Test
    void aMissingEndIsTodayAndAMissingStartThirtyDaysBeforeTheEnd() {
        assertThat(DayRange.parse("2026-03-01", null, TODAY)).isEqualTo(new DayRange(LocalDate.parse("2026-03-01"),
                TODAY));
        assertThat(DayRange.parse(null, "2026-01-30", TODAY)).isEqualTo(new DayRange(LocalDate.parse("2026-01-01"),
                LocalDate.parse("2026-01-30")));
    }

    @Test
    void aRangeIsAtMost366DaysBothIncluded() {
        assertThat(DayRange.parse("2025-03-15", "2026-03-15", TODAY).from()).isEqualTo("2025-03-15");
        assertThatThrownBy(() -> DayRange.parse("2025-03-14", "2026-03-15", TODAY))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> assertThat(field(problem)).isEqualTo("from"));
    }

    @Test
    void aStartAfterTheEndOrAnythingButAnIsoDateIsRefusedNamingTheParameter() {
        assertThatThrownBy(() -> DayRange.parse("2026-03-02", "2026-03-01", TODAY))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> assertThat(field(problem)).isEqualTo("from"));
        assertThatThrownBy(() -> DayRange.parse("2026-03-01", "2026-03-01T00:00:00Z", TODAY))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> assertThat(field(problem)).isEqualTo("to"));
        assertThatThrownBy(() -> DayRange.parse("last week", null, TODAY))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> assertThat(field(problem)).isEqualTo("from"));
    }

    private static Object field(ApiProblem problem) {
        return problem.getBody().getProperties().get("field");
    }
}
