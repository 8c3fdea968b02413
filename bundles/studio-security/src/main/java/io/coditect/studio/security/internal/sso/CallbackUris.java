package io.coditect.studio.security.internal.sso;

import java.net.URI;
import java.util.Locale;

import io.coditect.studio.api.StudioIds;

/** The redirect URI sent to the provider, which must match one registered there exactly. */
final class CallbackUris {

    private CallbackUris() {
    }

    /**
     * {@code callback} as given, or, when the provider has a callback base, that base followed by
     * the callback's path and query: behind a proxy the studio sees its internal address, while
     * the provider must send the browser to the public one.
     *
     * @throws IllegalArgumentException when the result is not an absolute http(s) URL without fragment
     */
    static URI resolve(ProviderSettings settings, URI callback) {
        if (callback == null) {
            throw new IllegalArgumentException("callbackUri is missing: pass the URL the provider sends the browser back to");
        }
        URI result = callback;
        if (settings.callbackBase() != null) {
            String base = settings.callbackBase().toString().replaceAll("/+$", "");
            String path = callback.getRawPath() == null || callback.getRawPath().isEmpty() ? "" : callback.getRawPath();
            if (!path.isEmpty() && !path.startsWith("/")) {
                path = "/" + path;
            }
            result = URI.create(base + path + (callback.getRawQuery() == null ? "" : "?" + callback.getRawQuery()));
        }
        String scheme = result.getScheme() == null ? "" : result.getScheme().toLowerCase(Locale.ROOT);
        if (!result.isAbsolute() || result.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))
                || result.getRawFragment() != null) {
            throw new IllegalArgumentException("callbackUri '" + StudioIds.printable(String.valueOf(callback))
                    + "' is not an absolute http(s) URL without fragment; set callbackBase of provider '"
                    + settings.id() + "' when the studio cannot know its public address");
        }
        return result;
    }
}
