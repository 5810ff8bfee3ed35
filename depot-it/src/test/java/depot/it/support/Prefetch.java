package depot.it.support;

import java.util.HashSet;
import java.util.Set;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Builds the Go tools the planned classes will need (oras, the OCI conformance suite) on a background thread when the
 * run starts, at the lowest CPU priority: the ~70 s of compiling a fresh checkout costs here (a minute of CI) then
 * goes on while other classes wait for their clients, servers and networks, instead of inside the OCI tests. A class
 * that asks for a tool still being built waits for it ({@link GoTools} builds one at a time); a build that fails here
 * is left to that class, which builds again and reports. Registered in
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 */
public final class Prefetch implements TestExecutionListener {
    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        Set<String> classes = new HashSet<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(root)) {
                id.getSource().filter(ClassSource.class::isInstance)
                        .ifPresent(source -> classes.add(((ClassSource) source).getClassName()));
            }
        }
        boolean oras = classes.contains("depot.it.oci.OciClientsTest");
        boolean conformance = classes.contains("depot.it.oci.OciConformanceTest");
        if (!oras && !conformance) return;
        Thread builds = new Thread(() -> {
            try {
                if (oras) GoTools.oras(true);
                if (conformance) GoTools.conformance(true);
            } catch (Throwable e) {
                // the class that needs the tool builds it again and says what failed
            }
        }, "depot-it-prefetch");
        builds.setDaemon(true);
        builds.start();
    }
}
