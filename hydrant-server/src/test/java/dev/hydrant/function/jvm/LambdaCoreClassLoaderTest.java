package dev.hydrant.function.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import org.junit.jupiter.api.Test;

class LambdaCoreClassLoaderTest {
    @Test
    void servesOnlyLambdaCorePackages() {
        assertThat(LambdaCoreClassLoader.isCoreClass("com.amazonaws.services.lambda.runtime.Context")).isTrue();
        assertThat(LambdaCoreClassLoader.isCoreClass("com.amazonaws.services.lambda.runtime.logging.LogLevel")).isTrue();
        assertThat(LambdaCoreClassLoader.isCoreClass("com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent")).isFalse();
        assertThat(LambdaCoreClassLoader.isCoreClass("com.amazonaws.services.lambda.runtime.serialization.PojoSerializer")).isFalse();
        assertThat(LambdaCoreClassLoader.isCoreClass("com.fasterxml.jackson.databind.ObjectMapper")).isFalse();
    }

    @Test
    void definesItsOwnCopyOfTheInterfaces() throws ClassNotFoundException {
        LambdaCoreClassLoader loader = new LambdaCoreClassLoader();

        Class<?> context = loader.loadClass("com.amazonaws.services.lambda.runtime.Context");

        assertThat(context).isNotSameAs(Context.class);
        assertThat(context.getClassLoader()).isSameAs(loader);
        assertThat(loader.loadClass("com.amazonaws.services.lambda.runtime.Context")).isSameAs(context);
        assertThatThrownBy(() -> loader.loadClass("com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> loader.loadClass("dev.hydrant.spi.FunctionRuntime")).isInstanceOf(ClassNotFoundException.class);
    }
}
