package io.coditect.studio.api.apikey;

/**
 * Which keys to list.
 *
 * @param ownerId    only keys of this user; null for all
 * @param activeOnly leave out revoked and expired keys
 */
public record ApiKeyFilter(String ownerId, boolean activeOnly) {

    public static final ApiKeyFilter ALL = new ApiKeyFilter(null, false);

    public ApiKeyFilter withOwner(String newOwnerId) {
        return new ApiKeyFilter(newOwnerId, activeOnly);
    }

    public ApiKeyFilter withActiveOnly(boolean newActiveOnly) {
        return new ApiKeyFilter(ownerId, newActiveOnly);
    }
}
