package io.ringvault.common.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.CloudEventCodec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetentionTest {

    @Test
    void shouldAcceptAPolicyWithRulesInRange() {
        assertThat(new Retention(7, "P30D", 7, 4, 12).problems()).isEmpty();
        assertThat(new Retention(null, "PT1H", null, null, null).problems()).isEmpty();
        assertThat(new Retention(null, null, 0, 0, 1).problems()).isEmpty();
    }

    @Test
    void shouldNameEveryFieldOutOfRange() {
        assertThat(new Retention(0, "PT5M", -1, 100_001, null).problems())
                .containsExactly(
                        "keepLast 0 is outside 1..100000",
                        "keepDaily -1 is outside 0..100000",
                        "keepWeekly 100001 is outside 0..100000",
                        "maxAge PT5M is shorter than PT1H");
    }

    @Test
    void shouldRefuseAnEmptyPolicyAndAnAgeThatIsNotADuration() {
        assertThat(new Retention(null, null, null, null, null).problems())
                .containsExactly("the policy has no rule: set keepLast, maxAge, keepDaily, keepWeekly or keepMonthly");
        assertThat(new Retention(null, "30 days", null, null, null).problems())
                .containsExactly("maxAge 30 days is not an ISO-8601 duration such as P30D or PT12H");
    }

    @Test
    void shouldWriteOnlyTheRulesItSets() throws Exception {
        var mapper = new CloudEventCodec().mapper();
        String json = mapper.writeValueAsString(new Retention(3, "P30D", null, null, null));

        assertThat(json).isEqualTo("{\"keepLast\":3,\"maxAge\":\"P30D\"}");
        Retention read = mapper.readValue(json, Retention.class);
        assertThat(read).isEqualTo(new Retention(3, "P30D", null, null, null));
        assertThat(read.maxAgeDuration()).isEqualTo(Duration.ofDays(30));
    }
}
