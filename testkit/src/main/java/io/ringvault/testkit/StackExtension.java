package io.ringvault.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that hands the JVM's {@link SharedStack} to any test, constructor or lifecycle method parameter of
 * type {@link Stack} (or {@link LocalStack}, for tests that need the local path's extras).
 *
 * <pre>{@code
 * @ExtendWith(StackExtension.class)
 * class BackupIT {
 *     @Test
 *     void shouldBackUp(Stack stack) { ... stack.cassandra().cql() ... }
 * }
 * }</pre>
 */
public final class StackExtension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Stack.class || type == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Stack stack = SharedStack.get();
        if (parameter.getParameter().getType() == LocalStack.class && !(stack instanceof LocalStack)) {
            throw new org.junit.jupiter.api.extension.ParameterResolutionException(
                    "this test needs the local-process stack, but " + Stacks.MODE_PROPERTY + " chose containers");
        }
        return stack;
    }
}
