package io.coditect.studio.core.internal.tenancy;

import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.tenancy.Project;
import io.coditect.studio.api.tenancy.ProjectFilter;
import io.coditect.studio.api.tenancy.TenancyStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Pages through the projects of several teams, one team after another (by team, then by id), for
 * callers who see only their teams' projects. The store lists one team at a time; the cursor names
 * the team and the store's cursor within it, so paging stays exact while projects come and go.
 */
final class TeamByTeamPages {

    private static final String TAG = "tbt1:";

    private final TenancyStore store;

    TeamByTeamPages(TenancyStore store) {
        this.store = store;
    }

    /** @param teams the teams to list, in order; each one's projects are counted in the total */
    Page<Project> page(String orgId, List<String> teams, ProjectFilter filter, PageRequest request) {
        int start = 0;
        String within = null;
        if (request.cursor() != null) {
            String[] cursor = decode(request.cursor());
            start = teams.indexOf(cursor[0]);
            if (start < 0) {
                throw invalidCursor();
            }
            within = cursor[1].isEmpty() ? null : cursor[1];
        }
        List<Project> items = new ArrayList<>();
        long total = 0;
        String next = null;
        boolean full = false;
        for (int i = 0; i < teams.size(); i++) {
            ProjectFilter inTeam = filter.withTeam(teams.get(i));
            if (i < start || full) {
                long count = store.listProjects(orgId, inTeam, PageRequest.first(1)).total();
                total += count;
                if (i > start && next == null && count > 0) {
                    next = encode(teams.get(i), null);
                }
                continue;
            }
            Page<Project> page = store.listProjects(orgId, inTeam,
                    new PageRequest(i == start ? within : null, request.limit() - items.size()));
            total += page.total();
            items.addAll(page.items());
            if (page.hasMore()) {
                next = encode(teams.get(i), page.nextCursor());
            }
            full = page.hasMore() || items.size() == request.limit();
        }
        return new Page<>(items, total, next);
    }

    private static String encode(String teamId, String within) {
        String raw = teamId + "\n" + (within == null ? "" : within);
        return TAG + Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String cursor) {
        if (!cursor.startsWith(TAG)) {
            throw invalidCursor();
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor.substring(TAG.length())),
                    StandardCharsets.UTF_8);
            String[] parts = raw.split("\n", 2);
            if (parts.length != 2) {
                throw invalidCursor();
            }
            return parts;
        } catch (IllegalArgumentException e) {
            throw invalidCursor();
        }
    }

    private static StoreException invalidCursor() {
        return StoreException.invalid("the page cursor is not one of this project listing: start again without a "
                + "cursor, and keep the same filter while paging");
    }
}
