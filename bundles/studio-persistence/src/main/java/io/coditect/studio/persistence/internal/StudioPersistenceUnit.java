package io.coditect.studio.persistence.internal;

import java.net.URL;
import java.util.List;
import java.util.Properties;

import javax.persistence.SharedCacheMode;
import javax.persistence.ValidationMode;
import javax.persistence.spi.ClassTransformer;
import javax.persistence.spi.PersistenceUnitInfo;
import javax.persistence.spi.PersistenceUnitTransactionType;
import javax.sql.DataSource;

/**
 * The persistence unit, described in code instead of a {@code persistence.xml}, so that nothing scans
 * for one: in OSGi the Aries JPA container would otherwise claim it, and in tests the class path
 * would decide. The data source is given, transactions are resource-local.
 */
final class StudioPersistenceUnit implements PersistenceUnitInfo {

    static final String NAME = "studio";
    static final List<Class<?>> ENTITIES = List.of(OrganisationEntity.class, TeamEntity.class, UserEntity.class,
            MembershipEntity.class, ProjectEntity.class, ApiKeyEntity.class, SessionEntity.class,
            CheckpointEntity.class, UsageEntity.class, AuditEventEntity.class, ConversationMessageEntity.class);

    private final DataSource dataSource;
    private final URL root;
    private final ClassLoader classLoader;
    private final Properties properties;

    StudioPersistenceUnit(DataSource dataSource, URL root, ClassLoader classLoader, Properties properties) {
        this.dataSource = dataSource;
        this.root = root;
        this.classLoader = classLoader;
        this.properties = properties;
    }

    @Override
    public String getPersistenceUnitName() {
        return NAME;
    }

    @Override
    public String getPersistenceProviderClassName() {
        return "org.eclipse.persistence.jpa.PersistenceProvider";
    }

    @Override
    public PersistenceUnitTransactionType getTransactionType() {
        return PersistenceUnitTransactionType.RESOURCE_LOCAL;
    }

    @Override
    public DataSource getJtaDataSource() {
        return null;
    }

    @Override
    public DataSource getNonJtaDataSource() {
        return dataSource;
    }

    @Override
    public List<String> getMappingFileNames() {
        return List.of();
    }

    @Override
    public List<URL> getJarFileUrls() {
        return List.of();
    }

    @Override
    public URL getPersistenceUnitRootUrl() {
        return root;
    }

    @Override
    public List<String> getManagedClassNames() {
        return ENTITIES.stream().map(Class::getName).toList();
    }

    @Override
    public boolean excludeUnlistedClasses() {
        return true;
    }

    @Override
    public SharedCacheMode getSharedCacheMode() {
        // several studio nodes may share one database: a second-level cache would serve stale rows
        return SharedCacheMode.NONE;
    }

    @Override
    public ValidationMode getValidationMode() {
        return ValidationMode.NONE;
    }

    @Override
    public Properties getProperties() {
        return properties;
    }

    @Override
    public String getPersistenceXMLSchemaVersion() {
        return "2.2";
    }

    @Override
    public ClassLoader getClassLoader() {
        return classLoader;
    }

    @Override
    public void addTransformer(ClassTransformer transformer) {
        // weaving is off: entities are used as compiled
    }

    @Override
    public ClassLoader getNewTempClassLoader() {
        return classLoader;
    }
}
