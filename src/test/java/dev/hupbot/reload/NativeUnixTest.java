package dev.hupbot.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class NativeUnixTest {
    @Test
    void aPathAddressEndsWithNulAndAnAbstractOneStartsWithIt() {
        byte family0 = (byte) (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 1 : 0);
        byte family1 = (byte) (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 0 : 1);
        assertThat(NativeUnix.address("/run/n")).containsExactly(family0, family1, '/', 'r', 'u', 'n', '/', 'n', 0);
        assertThat(NativeUnix.address("@n1")).containsExactly(family0, family1, 0, 'n', '1');
    }

    @Test
    void aPathTooLongForSunPathIsRefused() {
        assertThatThrownBy(() -> NativeUnix.address("/" + "x".repeat(120))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMonotonicClockIsReadInMicroseconds() {
        NativeUnix unix = NativeUnix.get();
        assertThat(unix).as(NativeUnix.whyUnavailable()).isNotNull();
        long first = unix.monotonicMicros();
        long second = unix.monotonicMicros();
        assertThat(second).isGreaterThanOrEqualTo(first).isPositive();
    }
}
