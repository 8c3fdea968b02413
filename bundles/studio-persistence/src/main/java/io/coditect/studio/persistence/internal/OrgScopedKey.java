package io.coditect.studio.persistence.internal;

import java.io.Serializable;
import java.util.Objects;

/** Primary key of the objects whose id is unique within an organisation: the pair (organisation, id). */
public final class OrgScopedKey implements Serializable {

    private static final long serialVersionUID = 1L;

    String orgId;
    String id;

    public OrgScopedKey() {
    }

    OrgScopedKey(String orgId, String id) {
        this.orgId = orgId;
        this.id = id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OrgScopedKey k && Objects.equals(orgId, k.orgId) && Objects.equals(id, k.id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(orgId, id);
    }
}
