package dev.tokenwatch.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenwatch.testing.SamplesJob;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The job runs with Kryo switched off: every other test that runs it (the samples end to end, the live job, the
 * sinks) fails if one of its types falls back to Kryo. This checks the switch is on and that it bites.
 */
class NoKryoTest {
    /** No public no-argument constructor, final fields: not a POJO, so Flink would serialize it with Kryo. */
    static final class NotAPojo {
        private final int value;

        NotAPojo(int value) {
            this.value = value;
        }
    }

    @Test
    void theJobSwitchesGenericTypesOff() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        assertThat(env.getConfig().getSerializerConfig().hasGenericTypesDisabled()).isFalse();
        SamplesJob.build(env);
        assertThat(env.getConfig().getSerializerConfig().hasGenericTypesDisabled()).isTrue();
    }

    @Test
    void aTypeThatWouldFallBackToKryoIsRefused() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SamplesJob.build(env);
        assertThatThrownBy(() -> TypeInformation.of(NotAPojo.class).createSerializer(env.getConfig().getSerializerConfig()))
                .hasMessageContaining("Generic types have been disabled");
    }
}
