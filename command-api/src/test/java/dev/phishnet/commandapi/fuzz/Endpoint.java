package dev.phishnet.commandapi.fuzz;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * One endpoint as the running application maps it: method, path pattern, what it consumes, its body type and query
 * parameters. Read from the handler mappings, so that a new endpoint is fuzzed without touching the fuzzer.
 *
 * @param method the HTTP method
 * @param pattern the path pattern, e.g. {@code /api/v1/users/{id}/roles}
 * @param consumes the media types the body may have (empty: any)
 * @param bodyType the request body's type, or null when the handler reads no body
 * @param bodyRequired whether the handler refuses an absent body
 * @param queryParameters the query parameters the handler reads, by name, with their Java types
 */
record Endpoint(String method, String pattern, Set<MediaType> consumes, Class<?> bodyType, boolean bodyRequired,
        Map<String, Class<?>> queryParameters) {

    boolean hasBody() {
        return bodyType != null;
    }

    boolean safe() {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }

    boolean hasPathVariables() {
        return pattern.contains("{");
    }

    @Override
    public String toString() {
        return method + " " + pattern;
    }

    /** Every endpoint of every request-mapping handler mapping (controllers and actuator), in a stable order. */
    static List<Endpoint> of(Iterable<RequestMappingInfoHandlerMapping> mappings) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (RequestMappingInfoHandlerMapping mapping : mappings) {
            mapping.getHandlerMethods().forEach((info, handler) -> endpoints.addAll(of(info, handler)));
        }
        endpoints.sort(Comparator.comparing(Endpoint::pattern).thenComparing(Endpoint::method));
        return endpoints.stream().distinct().toList();
    }

    private static List<Endpoint> of(RequestMappingInfo info, HandlerMethod handler) {
        Set<String> methods = info.getMethodsCondition().getMethods().stream().map(RequestMethod::name)
                .collect(Collectors.toCollection(TreeSet::new));
        if (methods.isEmpty()) {
            methods.add("GET");
        }
        Set<MediaType> consumes = info.getConsumesCondition().getConsumableMediaTypes();
        Class<?> bodyType = null;
        boolean bodyRequired = false;
        Map<String, Class<?>> query = new java.util.TreeMap<>();
        for (MethodParameter parameter : handler.getMethodParameters()) {
            RequestBody body = parameter.getParameterAnnotation(RequestBody.class);
            if (body != null) {
                bodyType = parameter.getParameterType();
                bodyRequired = body.required();
            }
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param != null) {
                String name = !param.name().isEmpty() ? param.name() : parameter.getParameterName();
                query.put(name, parameter.getParameterType());
            }
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
            for (String method : methods) {
                endpoints.add(new Endpoint(method, pattern.getPatternString(), consumes, bodyType,
                        bodyRequired, query));
            }
        }
        return endpoints;
    }
}
