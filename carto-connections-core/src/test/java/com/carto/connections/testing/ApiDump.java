package com.carto.connections.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.annotation.Documented;
import java.lang.reflect.AnnotatedArrayType;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.AnnotatedWildcardType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.util.diff.DiffUtils;
import org.assertj.core.util.diff.Patch;

/**
 * The public API of one module as text, read from its compiled classes: every public or protected type outside an
 * {@code internal} package, with its supertypes and every public or protected constructor, method and field, their
 * generic signatures and documented annotations (such as nullness). A module checks its dump into
 * {@code api/<module>.api} and a test compares it, so that a change of API shows in review as a diff of that file.
 *
 * <p>Regenerate every module's dump after an intended change with
 * {@code mvn -o -q test -Dtest='*ApiDumpTest' -Dsurefire.failIfNoSpecifiedTests=false -Dapi.update=true}.
 */
public final class ApiDump {
    /** The system property that rewrites the checked-in dump instead of comparing with it. */
    public static final String UPDATE_PROPERTY = "api.update";

    private static final String REGENERATE =
            "mvn -o -q test -Dtest='*ApiDumpTest' -Dsurefire.failIfNoSpecifiedTests=false" + " -Dapi.update=true";

    private ApiDump() {}

    /**
     * Compares the API of the module whose compiled classes hold {@code anchor} with the module's checked-in
     * {@code api/<module>.api}, failing with a unified diff; with {@code -Dapi.update=true} it writes the file instead.
     */
    public static void assertMatchesCheckedIn(Class<?> anchor) {
        Path classes = classesDirectory(anchor);
        Path module = classes.getParent().getParent();
        Path checkedIn = module.resolve("api").resolve(module.getFileName() + ".api");
        String actual = of(classes, anchor.getClassLoader());
        try {
            if (Boolean.getBoolean(UPDATE_PROPERTY)) {
                Files.createDirectories(checkedIn.getParent());
                Files.writeString(checkedIn, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(checkedIn)) {
                fail("%s does not exist; generate it with%n  %s", checkedIn, REGENERATE);
            }
            String expected = Files.readString(checkedIn, StandardCharsets.UTF_8);
            if (!expected.equals(actual)) {
                List<String> expectedLines = expected.lines().toList();
                Patch<String> patch =
                        DiffUtils.diff(expectedLines, actual.lines().toList());
                List<String> diff = DiffUtils.generateUnifiedDiff(
                        checkedIn.toString(), "compiled classes", expectedLines, patch, 3);
                fail(
                        "The public API differs from %s:%n%s%nIf the change is intended, regenerate the dump and commit it:%n  %s",
                        checkedIn, String.join(System.lineSeparator(), diff), REGENERATE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The dump of the public API compiled into {@code classes}, loading the classes (uninitialized) with {@code loader}. */
    public static String of(Path classes, ClassLoader loader) {
        List<Class<?>> types = classNames(classes).stream()
                .<Class<?>>map(name -> load(name, loader))
                .filter(ApiDump::isApi)
                .sorted(Comparator.comparing(ApiDump::name))
                .toList();
        StringBuilder dump = new StringBuilder();
        dump.append("# The public API of ")
                .append(classes.getParent().getParent().getFileName())
                .append(", generated from its compiled classes by ApiDump. Do not edit: regenerate it with\n# ")
                .append(REGENERATE)
                .append('\n');
        String currentPackage = null;
        for (Class<?> type : types) {
            if (!type.getPackageName().equals(currentPackage)) {
                currentPackage = type.getPackageName();
                dump.append('\n')
                        .append(annotations(type.getPackage().getDeclaredAnnotations()))
                        .append("package ")
                        .append(currentPackage)
                        .append('\n');
            }
            dump.append('\n');
            describe(type, dump);
        }
        return dump.toString();
    }

    private static Path classesDirectory(Class<?> anchor) {
        try {
            Path location = Path.of(
                    anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isDirectory(location)) {
                throw new IllegalStateException(anchor.getName() + " was loaded from " + location
                        + ", not from a module's compiled classes directory");
            }
            return location;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> classNames(Path classes) {
        try (Stream<Path> files = Files.walk(classes)) {
            return files.map(file -> classes.relativize(file).toString())
                    .filter(file -> file.endsWith(".class"))
                    .filter(file -> !file.endsWith("module-info.class") && !file.endsWith("package-info.class"))
                    .map(file ->
                            file.substring(0, file.length() - ".class".length()).replace(File.separatorChar, '.'))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isApi(Class<?> type) {
        if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) {
            return false;
        }
        if (Arrays.asList(type.getPackageName().split("\\.")).contains("internal")) {
            return false;
        }
        Class<?> enclosing = type.getEnclosingClass();
        return enclosing == null
                ? Modifier.isPublic(type.getModifiers())
                : isVisible(type.getModifiers()) && isApi(enclosing);
    }

    private static boolean isVisible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void describe(Class<?> type, StringBuilder dump) {
        dump.append(annotations(type.getDeclaredAnnotations()))
                .append(header(type))
                .append('\n');
        List<String> members = new ArrayList<>();
        Arrays.stream(type.getDeclaredFields())
                .filter(field -> isVisible(field.getModifiers()) && !field.isSynthetic())
                .sorted(Comparator.comparing(Field::getName))
                .forEach(field -> members.add(field(field)));
        Arrays.stream(type.getDeclaredConstructors())
                .filter(constructor -> isVisible(constructor.getModifiers()) && !constructor.isSynthetic())
                .map(ApiDump::constructor)
                .sorted()
                .forEach(members::add);
        Arrays.stream(type.getDeclaredMethods())
                .filter(method -> isVisible(method.getModifiers()) && !method.isSynthetic() && !method.isBridge())
                .sorted(Comparator.comparing(Method::getName).thenComparing(ApiDump::method))
                .forEach(method -> members.add(method(method)));
        members.forEach(member -> dump.append("    ").append(member).append('\n'));
    }

    private static String header(Class<?> type) {
        int modifiers = type.getModifiers()
                & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC | Modifier.FINAL | Modifier.ABSTRACT);
        String kind;
        if (type.isAnnotation()) {
            kind = "@interface";
            modifiers &= ~Modifier.ABSTRACT;
        } else if (type.isInterface()) {
            kind = "interface";
            modifiers &= ~Modifier.ABSTRACT;
        } else if (type.isEnum()) {
            kind = "enum";
        } else if (type.isRecord()) {
            kind = "record";
        } else {
            kind = "class";
        }
        StringBuilder header = new StringBuilder(Modifier.toString(modifiers));
        if (type.isSealed()) {
            header.append(" sealed");
        }
        header.append(' ').append(kind).append(' ').append(name(type)).append(typeParameters(type.getTypeParameters()));
        if (type.isRecord()) {
            header.append(Arrays.stream(type.getRecordComponents())
                    .map(component -> type(component.getAnnotatedType()) + " " + component.getName())
                    .collect(Collectors.joining(", ", "(", ")")));
        }
        AnnotatedType superclass = type.getAnnotatedSuperclass();
        if (superclass != null && !type.isEnum() && !type.isRecord() && superclass.getType() != Object.class) {
            header.append(" extends ").append(type(superclass));
        }
        AnnotatedType[] interfaces = type.getAnnotatedInterfaces();
        if (interfaces.length > 0 && !type.isAnnotation()) {
            header.append(type.isInterface() ? " extends " : " implements ")
                    .append(Arrays.stream(interfaces).map(ApiDump::type).collect(Collectors.joining(", ")));
        }
        if (type.isSealed()) {
            header.append(" permits ")
                    .append(Arrays.stream(type.getPermittedSubclasses())
                            .map(ApiDump::name)
                            .sorted()
                            .collect(Collectors.joining(", ")));
        }
        return header.toString();
    }

    private static String field(Field field) {
        return annotations(field.getDeclaredAnnotations())
                + Modifier.toString(field.getModifiers() & Modifier.fieldModifiers()) + " "
                + type(field.getAnnotatedType()) + " " + field.getName();
    }

    private static String constructor(Constructor<?> constructor) {
        return annotations(constructor.getDeclaredAnnotations())
                + Modifier.toString(constructor.getModifiers() & Modifier.constructorModifiers()) + " "
                + typeParameters(constructor.getTypeParameters()) + name(constructor.getDeclaringClass())
                + parameters(constructor) + exceptions(constructor);
    }

    private static String method(Method method) {
        int modifiers = method.getModifiers() & Modifier.methodModifiers();
        if (method.getDeclaringClass().isInterface()) {
            modifiers &= ~Modifier.ABSTRACT;
        }
        String typeParameters = typeParameters(method.getTypeParameters());
        return annotations(method.getDeclaredAnnotations()) + Modifier.toString(modifiers)
                + (method.isDefault() ? " default" : "") + " " + (typeParameters.isEmpty() ? "" : typeParameters + " ")
                + type(method.getAnnotatedReturnType()) + " " + method.getName() + parameters(method)
                + exceptions(method);
    }

    private static String parameters(Executable executable) {
        AnnotatedType[] types = executable.getAnnotatedParameterTypes();
        List<String> rendered = new ArrayList<>();
        for (int index = 0; index < types.length; index++) {
            boolean varargs = executable.isVarArgs() && index == types.length - 1;
            rendered.add(
                    varargs && types[index] instanceof AnnotatedArrayType array
                            ? type(array.getAnnotatedGenericComponentType()) + "..."
                            : type(types[index]));
        }
        return rendered.stream().collect(Collectors.joining(", ", "(", ")"));
    }

    private static String exceptions(Executable executable) {
        AnnotatedType[] exceptions = executable.getAnnotatedExceptionTypes();
        return exceptions.length == 0
                ? ""
                : Arrays.stream(exceptions).map(ApiDump::type).collect(Collectors.joining(", ", " throws ", ""));
    }

    private static String typeParameters(TypeVariable<?>[] variables) {
        if (variables.length == 0) {
            return "";
        }
        return Arrays.stream(variables)
                .map(variable -> {
                    List<String> bounds = Arrays.stream(variable.getAnnotatedBounds())
                            .filter(bound ->
                                    bound.getType() != Object.class || bound.getDeclaredAnnotations().length > 0)
                            .map(ApiDump::type)
                            .toList();
                    return variable.getName() + (bounds.isEmpty() ? "" : " extends " + String.join(" & ", bounds));
                })
                .collect(Collectors.joining(", ", "<", ">"));
    }

    /** A type with its documented type-use annotations, e.g. {@code java.util.List<@Nullable String>}. */
    private static String type(AnnotatedType annotated) {
        String annotations = annotations(annotated.getDeclaredAnnotations());
        if (annotated instanceof AnnotatedArrayType array) {
            return type(array.getAnnotatedGenericComponentType())
                    + (annotations.isEmpty() ? "" : " " + annotations.strip()) + "[]";
        }
        if (annotated instanceof AnnotatedWildcardType wildcard) {
            AnnotatedType[] lower = wildcard.getAnnotatedLowerBounds();
            AnnotatedType[] upper = wildcard.getAnnotatedUpperBounds();
            if (lower.length > 0) {
                return annotations + "? super " + type(lower[0]);
            }
            boolean unbounded = upper.length == 0
                    || upper[0].getType() == Object.class && upper[0].getDeclaredAnnotations().length == 0;
            return annotations + (unbounded ? "?" : "? extends " + type(upper[0]));
        }
        if (annotated instanceof AnnotatedParameterizedType parameterized) {
            Type raw = ((ParameterizedType) parameterized.getType()).getRawType();
            return annotations
                    + name((Class<?>) raw)
                    + Arrays.stream(parameterized.getAnnotatedActualTypeArguments())
                            .map(ApiDump::type)
                            .collect(Collectors.joining(", ", "<", ">"));
        }
        Type plain = annotated.getType();
        return annotations + (plain instanceof Class<?> type ? name(type) : plain.getTypeName());
    }

    /** A class's source name, with {@code java.lang} left out as in source. */
    private static String name(Class<?> type) {
        if (type.isArray()) {
            return name(type.getComponentType()) + "[]";
        }
        if (type.isPrimitive()) {
            return type.getName();
        }
        String name = Objects.requireNonNullElse(type.getCanonicalName(), type.getName());
        return type.getPackageName().equals("java.lang") ? name.substring("java.lang.".length()) : name;
    }

    /** The annotations a reader of the javadoc sees (their type is {@link Documented}), each followed by a space. */
    private static String annotations(Annotation[] annotations) {
        return Arrays.stream(annotations)
                .map(Annotation::annotationType)
                .filter(type -> type.isAnnotationPresent(Documented.class))
                .map(type -> "@" + type.getSimpleName() + " ")
                .sorted()
                .collect(Collectors.joining());
    }
}
