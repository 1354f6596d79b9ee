package dev.loupe.pipeline;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/** A port that passes every call to a real adapter except where a test steps in: a failing write, a race. */
final class Intercepted {
    private Intercepted() {
    }

    /** Steps into one call; {@code real} makes the call on the real adapter. */
    @FunctionalInterface
    interface Interceptor {
        Object call(Method method, Object[] args, Real real) throws Throwable;
    }

    @FunctionalInterface
    interface Real {
        Object call() throws Throwable;
    }

    static <T> T port(Class<T> type, T adapter, Interceptor interceptor) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (p, method, args) ->
                interceptor.call(method, args, () -> {
                    try {
                        return method.invoke(adapter, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
        return type.cast(proxy);
    }
}
