package io.github.kinesisproducer.spring.boot;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;

/**
 * The {@code kinesis} health indicator on Spring Boot 3, whose health types live in
 * {@code org.springframework.boot.actuate.health} (Boot 4 moved them to {@code org.springframework.boot.health}).
 * This module is compiled against Boot 4, so the Boot 3 indicator is a proxy of Boot 3's {@code HealthIndicator}
 * interface that builds Boot 3's {@code Health} by reflection from the same {@link HealthSummary} as
 * {@link KinesisHealthIndicator}. Its bean definition carries the interface as its type, so the actuator finds it
 * like any indicator. Only imported when that interface is on the class path.
 */
final class Boot3HealthIndicatorRegistrar implements ImportBeanDefinitionRegistrar, BeanFactoryAware,
        BeanClassLoaderAware {
    static final String INDICATOR = "org.springframework.boot.actuate.health.HealthIndicator";
    private static final String HEALTH = "org.springframework.boot.actuate.health.Health";

    private BeanFactory beanFactory;
    private ClassLoader classLoader;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        Class<?> type = load(INDICATOR);
        RootBeanDefinition indicator = new RootBeanDefinition();
        indicator.setTargetType(type);
        indicator.setInstanceSupplier(() -> create(type, beanFactory.getBean(KinesisProducers.class)));
        indicator.setDependsOn(KinesisProducerRegistrar.PRODUCERS_BEAN);
        registry.registerBeanDefinition("kinesisHealthIndicator", indicator);
    }

    private Object create(Class<?> type, KinesisProducers producers) {
        Method status = method(load(HEALTH), "status", String.class);
        Class<?> builderType = load(HEALTH + "$Builder");
        Method withDetails = method(builderType, "withDetails", Map.class);
        Method build = method(builderType, "build");
        return Proxy.newProxyInstance(classLoader, new Class<?>[] {type}, (proxy, m, args) -> {
            switch (m.getName()) {
                case "health", "getHealth" -> {
                    // getHealth(false) is the health without details, as Boot 3's default method gives it.
                    boolean details = args == null || args.length == 0 || Boolean.TRUE.equals(args[0]);
                    HealthSummary summary = HealthSummary.of(producers.all());
                    Object builder = invoke(status, null, summary.status().name());
                    if (details) {
                        builder = invoke(withDetails, builder, summary.details());
                    }
                    return invoke(build, builder);
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "toString" -> {
                    return "KinesisHealthIndicator (Spring Boot 3)";
                }
                default -> throw new UnsupportedOperationException(m.toString());
            }
        });
    }

    private Class<?> load(String name) {
        try {
            return Class.forName(name, false, classLoader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name + " is not on the class path", e);
        }
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) {
        try {
            return type.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("Spring Boot 3's " + type.getName() + " has no " + name
                    + ": this Spring Boot version is not supported by the kinesis health indicator", e);
        }
    }

    private static Object invoke(Method m, Object target, Object... args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
