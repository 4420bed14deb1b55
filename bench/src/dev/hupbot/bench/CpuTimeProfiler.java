package dev.hupbot.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time of the whole benchmark JVM per operation (all threads: the reload's, the garbage
 * collector's, the JIT's). On a machine shared with other work, wall time measures waiting for
 * a core as much as work; this is the work.
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private long cpuAtStart;

    @Override
    public String getDescription() {
        return "process CPU time per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
        cpuAtStart = processCpuNanos();
    }

    @Override
    @SuppressWarnings("rawtypes") // JMH's interface declares the raw type; an override must match it
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmark, IterationParams iteration,
            IterationResult result) {
        long ops = Math.max(1, result.getMetadata().getMeasuredOps());
        double msPerOp = (processCpuNanos() - cpuAtStart) / 1e6 / ops;
        return List.of(new ScalarResult("cpu", msPerOp, "ms/op", AggregationPolicy.AVG));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
