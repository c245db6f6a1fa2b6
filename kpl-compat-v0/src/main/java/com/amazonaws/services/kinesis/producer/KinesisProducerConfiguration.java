package com.amazonaws.services.kinesis.producer;

import com.amazonaws.auth.AWSCredentialsProvider;
import com.amazonaws.services.schemaregistry.common.configs.GlueSchemaRegistryConfiguration;
import java.util.Map;
import java.util.Properties;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The KPL 0.x configuration: every setter and getter of {@code com.amazonaws:amazon-kinesis-producer:0.15.x}, each
 * forwarding to the 1.x module's {@code software.amazon.kinesis.producer.KinesisProducerConfiguration} (same names,
 * defaults, ranges and meaning; see {@code docs/kpl-compat.md}). Credentials are SDK v1 providers, asked for
 * credentials on each request; unset, the SDK v2 default chain (the same sources as the SDK v1 one) is used.
 */
public class KinesisProducerConfiguration {
    /** KPL threading models of its native daemon; nothing to choose here (accepted, warned about). */
    public enum ThreadingModel { PER_REQUEST, POOLED }

    private final software.amazon.kinesis.producer.KinesisProducerConfiguration v1x;
    private AWSCredentialsProvider credentialsProvider;
    private AWSCredentialsProvider metricsCredentialsProvider;

    public KinesisProducerConfiguration() {
        this(new software.amazon.kinesis.producer.KinesisProducerConfiguration());
    }

    private KinesisProducerConfiguration(software.amazon.kinesis.producer.KinesisProducerConfiguration v1x) {
        this.v1x = v1x;
    }

    /** The 1.x configuration these settings live in. */
    software.amazon.kinesis.producer.KinesisProducerConfiguration toV1x() {
        return v1x;
    }

    /** Reads a properties file of KPL keys (and kinesis-producer's snake_case keys), as the 1.x module does. */
    public static KinesisProducerConfiguration fromPropertiesFile(String path) {
        return new KinesisProducerConfiguration(
                software.amazon.kinesis.producer.KinesisProducerConfiguration.fromPropertiesFile(path));
    }

    /** Reads properties of KPL keys (and kinesis-producer's snake_case keys), as the 1.x module does. */
    public static KinesisProducerConfiguration fromProperties(Properties props) {
        return new KinesisProducerConfiguration(
                software.amazon.kinesis.producer.KinesisProducerConfiguration.fromProperties(props));
    }

    /** Sets a kinesis-producer setting by its snake_case key, as the 1.x module's method of the same name. */
    public KinesisProducerConfiguration setProducerProperty(String key, String value) {
        v1x.setProducerProperty(key, value);
        return this;
    }

    public Map<String, String> getProducerProperties() {
        return v1x.getProducerProperties();
    }

    public void addAdditionalMetricsDimension(String key, String value, String granularity) {
        v1x.addAdditionalMetricsDimension(key, value, granularity);
    }

    /** The SDK v1 provider set, else the SDK v1 default chain (as the KPL 0.x reports it). */
    public AWSCredentialsProvider getCredentialsProvider() {
        return credentialsProvider != null ? credentialsProvider : V1Credentials.defaultChain();
    }

    public KinesisProducerConfiguration setCredentialsProvider(AWSCredentialsProvider credentialsProvider) {
        if (credentialsProvider == null) {
            throw new NullPointerException("credentialsProvider cannot be null");
        }
        v1x.setCredentialsProvider(new V1Credentials(credentialsProvider));
        this.credentialsProvider = credentialsProvider;
        return this;
    }

    public AWSCredentialsProvider getMetricsCredentialsProvider() {
        return metricsCredentialsProvider;
    }

    public KinesisProducerConfiguration setMetricsCredentialsProvider(AWSCredentialsProvider provider) {
        v1x.setMetricsCredentialsProvider(provider == null ? null : new V1Credentials(provider));
        this.metricsCredentialsProvider = provider;
        return this;
    }

    public GlueSchemaRegistryConfiguration getGlueSchemaRegistryConfiguration() {
        return v1x.getGlueSchemaRegistryConfiguration();
    }

    public KinesisProducerConfiguration setGlueSchemaRegistryConfiguration(GlueSchemaRegistryConfiguration c) {
        v1x.setGlueSchemaRegistryConfiguration(c);
        return this;
    }

    public AwsCredentialsProvider getGlueSchemaRegistryCredentialsProvider() {
        return v1x.getGlueSchemaRegistryCredentialsProvider();
    }

    public KinesisProducerConfiguration setGlueSchemaRegistryCredentialsProvider(AwsCredentialsProvider provider) {
        v1x.setGlueSchemaRegistryCredentialsProvider(provider);
        return this;
    }

    public ThreadingModel getThreadingModel() {
        return ThreadingModel.valueOf(v1x.getThreadingModel().name());
    }

    public KinesisProducerConfiguration setThreadingModel(ThreadingModel threadingModel) {
        v1x.setThreadingModel(threadingModel.name());
        return this;
    }

    public KinesisProducerConfiguration setThreadingModel(String threadingModel) {
        v1x.setThreadingModel(threadingModel);
        return this;
    }

    public int getThreadPoolSize() { return v1x.getThreadPoolSize(); }

    public KinesisProducerConfiguration setThreadPoolSize(int val) { v1x.setThreadPoolSize(val); return this; }

    public long getAggregationMaxCount() { return v1x.getAggregationMaxCount(); }
    public KinesisProducerConfiguration setAggregationMaxCount(long val) { v1x.setAggregationMaxCount(val); return this; }
    public long getAggregationMaxSize() { return v1x.getAggregationMaxSize(); }
    public KinesisProducerConfiguration setAggregationMaxSize(long val) { v1x.setAggregationMaxSize(val); return this; }
    public long getCloudwatchPort() { return v1x.getCloudwatchPort(); }
    public KinesisProducerConfiguration setCloudwatchPort(long val) { v1x.setCloudwatchPort(val); return this; }
    public long getCollectionMaxCount() { return v1x.getCollectionMaxCount(); }
    public KinesisProducerConfiguration setCollectionMaxCount(long val) { v1x.setCollectionMaxCount(val); return this; }
    public long getCollectionMaxSize() { return v1x.getCollectionMaxSize(); }
    public KinesisProducerConfiguration setCollectionMaxSize(long val) { v1x.setCollectionMaxSize(val); return this; }
    public long getConnectTimeout() { return v1x.getConnectTimeout(); }
    public KinesisProducerConfiguration setConnectTimeout(long val) { v1x.setConnectTimeout(val); return this; }
    public long getCredentialsRefreshDelay() { return v1x.getCredentialsRefreshDelay(); }
    public KinesisProducerConfiguration setCredentialsRefreshDelay(long val) { v1x.setCredentialsRefreshDelay(val); return this; }
    public long getKinesisPort() { return v1x.getKinesisPort(); }
    public KinesisProducerConfiguration setKinesisPort(long val) { v1x.setKinesisPort(val); return this; }
    public long getMaxConnections() { return v1x.getMaxConnections(); }
    public KinesisProducerConfiguration setMaxConnections(long val) { v1x.setMaxConnections(val); return this; }
    public long getMetricsUploadDelay() { return v1x.getMetricsUploadDelay(); }
    public KinesisProducerConfiguration setMetricsUploadDelay(long val) { v1x.setMetricsUploadDelay(val); return this; }
    public long getMinConnections() { return v1x.getMinConnections(); }
    public KinesisProducerConfiguration setMinConnections(long val) { v1x.setMinConnections(val); return this; }
    public long getProxyPort() { return v1x.getProxyPort(); }
    public KinesisProducerConfiguration setProxyPort(long val) { v1x.setProxyPort(val); return this; }
    public long getRateLimit() { return v1x.getRateLimit(); }
    public KinesisProducerConfiguration setRateLimit(long val) { v1x.setRateLimit(val); return this; }
    public long getRecordMaxBufferedTime() { return v1x.getRecordMaxBufferedTime(); }
    public KinesisProducerConfiguration setRecordMaxBufferedTime(long val) { v1x.setRecordMaxBufferedTime(val); return this; }
    public long getRecordTtl() { return v1x.getRecordTtl(); }
    public KinesisProducerConfiguration setRecordTtl(long val) { v1x.setRecordTtl(val); return this; }
    public long getRequestTimeout() { return v1x.getRequestTimeout(); }
    public KinesisProducerConfiguration setRequestTimeout(long val) { v1x.setRequestTimeout(val); return this; }
    public long getStsPort() { return v1x.getStsPort(); }
    public KinesisProducerConfiguration setStsPort(long val) { v1x.setStsPort(val); return this; }
    public long getUserRecordTimeoutInMillis() { return v1x.getUserRecordTimeoutInMillis(); }
    public KinesisProducerConfiguration setUserRecordTimeoutInMillis(long val) { v1x.setUserRecordTimeoutInMillis(val); return this; }
    public String getCaCertPath() { return v1x.getCaCertPath(); }
    public KinesisProducerConfiguration setCaCertPath(String val) { v1x.setCaCertPath(val); return this; }
    public String getCloudwatchEndpoint() { return v1x.getCloudwatchEndpoint(); }
    public KinesisProducerConfiguration setCloudwatchEndpoint(String val) { v1x.setCloudwatchEndpoint(val); return this; }
    public String getGlueSchemaRegistryPropertiesFilePath() { return v1x.getGlueSchemaRegistryPropertiesFilePath(); }
    public KinesisProducerConfiguration setGlueSchemaRegistryPropertiesFilePath(String val) { v1x.setGlueSchemaRegistryPropertiesFilePath(val); return this; }
    public String getKinesisEndpoint() { return v1x.getKinesisEndpoint(); }
    public KinesisProducerConfiguration setKinesisEndpoint(String val) { v1x.setKinesisEndpoint(val); return this; }
    public String getLogLevel() { return v1x.getLogLevel(); }
    public KinesisProducerConfiguration setLogLevel(String val) { v1x.setLogLevel(val); return this; }
    public String getMetricsGranularity() { return v1x.getMetricsGranularity(); }
    public KinesisProducerConfiguration setMetricsGranularity(String val) { v1x.setMetricsGranularity(val); return this; }
    public String getMetricsLevel() { return v1x.getMetricsLevel(); }
    public KinesisProducerConfiguration setMetricsLevel(String val) { v1x.setMetricsLevel(val); return this; }
    public String getMetricsNamespace() { return v1x.getMetricsNamespace(); }
    public KinesisProducerConfiguration setMetricsNamespace(String val) { v1x.setMetricsNamespace(val); return this; }
    public String getNativeExecutable() { return v1x.getNativeExecutable(); }
    public KinesisProducerConfiguration setNativeExecutable(String val) { v1x.setNativeExecutable(val); return this; }
    public String getProxyHost() { return v1x.getProxyHost(); }
    public KinesisProducerConfiguration setProxyHost(String val) { v1x.setProxyHost(val); return this; }
    public String getProxyPassword() { return v1x.getProxyPassword(); }
    public KinesisProducerConfiguration setProxyPassword(String val) { v1x.setProxyPassword(val); return this; }
    public String getProxyUserName() { return v1x.getProxyUserName(); }
    public KinesisProducerConfiguration setProxyUserName(String val) { v1x.setProxyUserName(val); return this; }
    public String getRegion() { return v1x.getRegion(); }
    public KinesisProducerConfiguration setRegion(String val) { v1x.setRegion(val); return this; }
    public String getStsEndpoint() { return v1x.getStsEndpoint(); }
    public KinesisProducerConfiguration setStsEndpoint(String val) { v1x.setStsEndpoint(val); return this; }
    public String getTempDirectory() { return v1x.getTempDirectory(); }
    public KinesisProducerConfiguration setTempDirectory(String val) { v1x.setTempDirectory(val); return this; }
    public boolean isAggregationEnabled() { return v1x.isAggregationEnabled(); }
    public KinesisProducerConfiguration setAggregationEnabled(boolean val) { v1x.setAggregationEnabled(val); return this; }
    public boolean isEnableCoreDumps() { return v1x.isEnableCoreDumps(); }
    public KinesisProducerConfiguration setEnableCoreDumps(boolean val) { v1x.setEnableCoreDumps(val); return this; }
    public boolean isFailIfThrottled() { return v1x.isFailIfThrottled(); }
    public KinesisProducerConfiguration setFailIfThrottled(boolean val) { v1x.setFailIfThrottled(val); return this; }
    public boolean isVerifyCertificate() { return v1x.isVerifyCertificate(); }
    public KinesisProducerConfiguration setVerifyCertificate(boolean val) { v1x.setVerifyCertificate(val); return this; }
}
