package dev.hydrant.function.jvm;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a Lambda handler string against a function's class loader, the way Lambda's Java runtime does:
 * <ul>
 *   <li>{@code com.example.Handler}: a class implementing {@code RequestStreamHandler}, or {@code RequestHandler<I, O>}
 *       whose {@code I} and {@code O} come from its generic signature ({@code Object} when raw);</li>
 *   <li>{@code com.example.Handler::method}: a public method taking {@code (InputStream, OutputStream[, Context])},
 *       {@code (I[, Context])}, {@code (Context)} or nothing; overloads taking a {@code Context} and more arguments
 *       win.</li>
 * </ul>
 * The class is initialized and, unless the method is static, instantiated once through its public zero-argument
 * constructor. Hydrant talks to it only by reflection through the function loader's own copies of the interfaces.
 */
final class JavaHandlerLoader {
    private final ClassLoader functionLoader;
    private final ObjectMapper mapper;
    private final Class<?> contextInterface;

    JavaHandlerLoader(ClassLoader functionLoader, ObjectMapper mapper, Class<?> contextInterface) {
        this.functionLoader = requireNonNull(functionLoader, "functionLoader is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.contextInterface = requireNonNull(contextInterface, "contextInterface is null");
    }

    JavaHandler load(String handler) throws HandlerLoadException {
        if (handler == null || handler.isBlank()) {
            throw new HandlerLoadException(null, "No handler is configured");
        }
        int separator = handler.indexOf("::");
        String className = separator < 0 ? handler.strip() : handler.substring(0, separator).strip();
        String methodName = separator < 0 ? null : handler.substring(separator + 2).strip();
        Class<?> handlerClass = loadClass(className);
        if (methodName == null) {
            return loadInterfaceHandler(handler, handlerClass);
        }
        return loadMethodHandler(handler, handlerClass, methodName);
    }

    private Class<?> loadClass(String className) throws HandlerLoadException {
        try {
            return Class.forName(className, true, functionLoader);
        }
        catch (ClassNotFoundException e) {
            throw new HandlerLoadException(ClassNotFoundException.class.getName(), "Class not found: " + className);
        }
        catch (LinkageError e) {
            throw new HandlerLoadException("Error loading class " + className, e);
        }
    }

    private JavaHandler loadInterfaceHandler(String name, Class<?> handlerClass) throws HandlerLoadException {
        Class<?> streamInterface = coreInterface("RequestStreamHandler");
        Class<?> requestInterface = coreInterface("RequestHandler");
        if (streamInterface.isAssignableFrom(handlerClass)) {
            Method method = interfaceMethod(streamInterface, InputStream.class, OutputStream.class, contextInterface);
            List<JavaHandler.Argument> arguments = List.of(JavaHandler.Argument.INPUT_STREAM, JavaHandler.Argument.OUTPUT_STREAM, JavaHandler.Argument.CONTEXT);
            return new JavaHandler(name, instantiate(handlerClass), method, arguments, null, null);
        }
        if (requestInterface.isAssignableFrom(handlerClass)) {
            Method method = interfaceMethod(requestInterface, Object.class, contextInterface);
            JavaType[] parameters = mapper.getTypeFactory().constructType(handlerClass).findTypeParameters(requestInterface);
            JavaType inputType = parameters.length == 2 ? parameters[0] : TypeFactory.unknownType();
            JavaType outputType = parameters.length == 2 ? parameters[1] : TypeFactory.unknownType();
            List<JavaHandler.Argument> arguments = List.of(JavaHandler.Argument.EVENT, JavaHandler.Argument.CONTEXT);
            return new JavaHandler(name, instantiate(handlerClass), method, arguments, reader(inputType), writer(outputType));
        }
        throw new HandlerLoadException(null, "Class " + handlerClass.getName() + " does not implement RequestHandler or RequestStreamHandler");
    }

    private JavaHandler loadMethodHandler(String name, Class<?> handlerClass, String methodName) throws HandlerLoadException {
        Optional<Candidate> best = List.of(handlerClass.getMethods()).stream()
                .filter(method -> method.getName().equals(methodName) && !method.isBridge() && !method.isSynthetic())
                .map(this::candidate)
                .flatMap(Optional::stream)
                .min(Comparator.comparing((Candidate candidate) -> !candidate.arguments().contains(JavaHandler.Argument.CONTEXT))
                        .thenComparing(candidate -> -candidate.arguments().size()));
        if (best.isEmpty()) {
            throw new HandlerLoadException(null, "No public method named " + methodName + " with appropriate method signature found on class " + handlerClass.getName());
        }
        Method method = best.get().method();
        List<JavaHandler.Argument> arguments = best.get().arguments();
        Object instance = Modifier.isStatic(method.getModifiers()) ? null : instantiate(handlerClass);
        ObjectReader eventReader = null;
        int eventIndex = arguments.indexOf(JavaHandler.Argument.EVENT);
        if (eventIndex >= 0) {
            eventReader = reader(resolve(handlerClass, method.getGenericParameterTypes()[eventIndex]));
        }
        ObjectWriter resultWriter = null;
        if (!arguments.contains(JavaHandler.Argument.OUTPUT_STREAM) && method.getReturnType() != void.class) {
            resultWriter = writer(resolve(handlerClass, method.getGenericReturnType()));
        }
        method.setAccessible(true);
        return new JavaHandler(name, instance, method, arguments, eventReader, resultWriter);
    }

    private Optional<Candidate> candidate(Method method) {
        Class<?>[] types = method.getParameterTypes();
        List<JavaHandler.Argument> arguments = new ArrayList<>();
        int count = types.length;
        boolean context = count > 0 && types[count - 1] == contextInterface;
        int leading = context ? count - 1 : count;
        if (leading == 2 && types[0] == InputStream.class && types[1] == OutputStream.class) {
            arguments.add(JavaHandler.Argument.INPUT_STREAM);
            arguments.add(JavaHandler.Argument.OUTPUT_STREAM);
        }
        else if (leading == 1) {
            arguments.add(JavaHandler.Argument.EVENT);
        }
        else if (leading != 0) {
            return Optional.empty();
        }
        if (context) {
            arguments.add(JavaHandler.Argument.CONTEXT);
        }
        return Optional.of(new Candidate(method, List.copyOf(arguments)));
    }

    private JavaType resolve(Class<?> handlerClass, Type type) {
        TypeFactory typeFactory = mapper.getTypeFactory();
        return typeFactory.resolveMemberType(type, typeFactory.constructType(handlerClass).getBindings());
    }

    private ObjectReader reader(JavaType inputType) {
        if (inputType.getRawClass() == Void.class) {
            return null;
        }
        return mapper.readerFor(inputType);
    }

    private ObjectWriter writer(JavaType outputType) {
        if (outputType.getRawClass() == Void.class) {
            return null;
        }
        if (outputType.getRawClass() == Object.class) {
            return mapper.writer();
        }
        return mapper.writerFor(outputType);
    }

    private Class<?> coreInterface(String simpleName) throws HandlerLoadException {
        try {
            return functionLoader.loadClass(LambdaCoreClassLoader.CORE_PACKAGE + simpleName);
        }
        catch (ClassNotFoundException e) {
            throw new HandlerLoadException(ClassNotFoundException.class.getName(), "Class not found: " + LambdaCoreClassLoader.CORE_PACKAGE + simpleName);
        }
    }

    private static Method interfaceMethod(Class<?> type, Class<?>... parameterTypes) throws HandlerLoadException {
        try {
            return type.getMethod("handleRequest", parameterTypes);
        }
        catch (NoSuchMethodException e) {
            throw new HandlerLoadException(null, "No public method named handleRequest with appropriate method signature found on class " + type.getName());
        }
    }

    private static Object instantiate(Class<?> handlerClass) throws HandlerLoadException {
        try {
            return handlerClass.getConstructor().newInstance();
        }
        catch (NoSuchMethodException | IllegalAccessException e) {
            throw new HandlerLoadException(null, "Class " + handlerClass.getName() + " has no public zero-argument constructor");
        }
        catch (InstantiationException e) {
            throw new HandlerLoadException(null, "Class " + handlerClass.getName() + " cannot be instantiated");
        }
        catch (InvocationTargetException e) {
            throw new HandlerLoadException("Error creating an instance of " + handlerClass.getName(), e.getCause());
        }
    }

    private record Candidate(Method method, List<JavaHandler.Argument> arguments) {}
}
