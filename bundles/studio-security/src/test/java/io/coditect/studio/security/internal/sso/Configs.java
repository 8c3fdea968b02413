package io.coditect.studio.security.internal.sso;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** Provider configurations as SCR passes them: the annotation with the configured values, else its defaults. */
final class Configs {

    private Configs() {
    }

    static SsoProviderConfig config(Map<String, Object> values) {
        Map<String, Object> copy = new HashMap<>(values);
        return (SsoProviderConfig) Proxy.newProxyInstance(SsoProviderConfig.class.getClassLoader(),
                new Class<?>[] { SsoProviderConfig.class }, (proxy, method, args) -> {
                    if (copy.containsKey(method.getName())) {
                        return copy.get(method.getName());
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    if (method.getReturnType() == String.class) {
                        // SCR gives null for a missing attribute without default
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    static ProviderSettings settings(Map<String, Object> values) {
        return ProviderSettings.from(config(values), name -> null);
    }
}
