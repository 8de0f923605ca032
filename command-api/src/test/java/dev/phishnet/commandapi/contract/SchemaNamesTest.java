package dev.phishnet.commandapi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * springdoc names a schema by its class's simple name: two body types called the same (a nested {@code Page} in two
 * controllers, say) would be published as one schema, the second silently replacing the first. Every class a handler
 * takes or returns, down through its components, must have a simple name no other such class has.
 */
class SchemaNamesTest {

    private static final String OURS = "dev.phishnet.";

    @Test
    void everyBodyTypeOfTheApiHasANameOfItsOwn() throws Exception {
        Map<String, Set<String>> classesByName = new TreeMap<>();
        Set<Class<?>> seen = new HashSet<>();
        int handlers = 0;
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
        for (var candidate : scanner.findCandidateComponents("dev.phishnet.commandapi")) {
            Class<?> controller = ClassUtils.forName(candidate.getBeanClassName(), getClass().getClassLoader());
            for (Method method : controller.getDeclaredMethods()) {
                if (!isHandler(method)) {
                    continue;
                }
                handlers++;
                collect(ResolvableType.forMethodReturnType(method), seen, classesByName);
                for (int i = 0; i < method.getParameterCount(); i++) {
                    var parameter = new MethodParameter(method, i);
                    if (parameter.hasParameterAnnotation(RequestBody.class)) {
                        collect(ResolvableType.forMethodParameter(parameter), seen, classesByName);
                    }
                }
            }
        }

        assertThat(handlers).as("handler methods found").isGreaterThan(30);
        assertThat(seen).as("body types found").hasSizeGreaterThan(10);
        assertThat(classesByName).as("schema names taken by more than one class")
                .allSatisfy((name, classes) -> assertThat(classes).as(name).hasSize(1));
    }

    /** Annotated with @RequestMapping or one of its composed forms (@GetMapping, @PostMapping, ...). */
    private static boolean isHandler(Method method) {
        return Arrays.stream(method.getAnnotations()).anyMatch(annotation -> annotation.annotationType()
                == RequestMapping.class || annotation.annotationType().isAnnotationPresent(RequestMapping.class));
    }

    private static void collect(ResolvableType type, Set<Class<?>> seen, Map<String, Set<String>> classesByName) {
        for (ResolvableType generic : type.getGenerics()) {
            collect(generic, seen, classesByName);
        }
        if (type.isArray()) {
            collect(type.getComponentType(), seen, classesByName);
        }
        Class<?> raw = type.resolve();
        if (raw == null || !raw.getName().startsWith(OURS) || !seen.add(raw)) {
            return;
        }
        classesByName.computeIfAbsent(raw.getSimpleName(), name -> new TreeSet<>()).add(raw.getName());
        if (raw.isRecord()) {
            for (RecordComponent component : raw.getRecordComponents()) {
                collect(ResolvableType.forType(component.getGenericType()), seen, classesByName);
            }
        } else if (!raw.isEnum() && !raw.isInterface()) {
            for (Field field : raw.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    Type generic = field.getGenericType();
                    collect(ResolvableType.forType(generic), seen, classesByName);
                }
            }
        }
        for (Class<?> permitted : raw.isSealed() ? raw.getPermittedSubclasses() : new Class<?>[0]) {
            collect(ResolvableType.forClass(permitted), seen, classesByName);
        }
    }
}
