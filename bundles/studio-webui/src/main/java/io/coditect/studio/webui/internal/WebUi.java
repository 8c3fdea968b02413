package io.coditect.studio.webui.internal;

import javax.servlet.ServletException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.HttpService;
import org.osgi.service.http.NamespaceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves the files of the bundle's {@code /webui} folder at {@code /}. */
@Component(immediate = true)
public class WebUi {

    private static final Logger LOG = LoggerFactory.getLogger(WebUi.class);
    static final String ALIAS = "/";

    private final HttpService http;

    @Activate
    public WebUi(@Reference HttpService http) throws ServletException, NamespaceException {
        this.http = http;
        http.registerServlet(ALIAS, new WebUiServlet(WebUi.class.getClassLoader(), "webui"), null, null);
        LOG.info("web studio served at {}", ALIAS);
    }

    @Deactivate
    void stop() {
        http.unregister(ALIAS);
    }
}
