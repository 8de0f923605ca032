package dev.phishnet.projector.generation;

import java.nio.file.Path;
import java.util.List;

import dev.phishnet.service.readmodel.ReadModelNames;
import dev.phishnet.service.streams.StreamsApplication;
import org.apache.kafka.streams.Topology;

/**
 * One of the projector's Streams applications (the projector's own, the aggregates), as a function of the generation
 * it runs for: each generation has its own application id (consumer group, internal topics), state and collections.
 */
public interface ProjectionApplication {

    /** What logs, metrics and progress call it: {@code projector} or {@code aggregates}. */
    String name();

    /** The generation's application id: its consumer group and the prefix of its internal topics. */
    String applicationId(ReadModelNames names);

    /** The topics it reads (its consumer group's lag is measured on these). */
    List<String> topics();

    /** Its local state of this generation: {@code <state dir>/<application id>}. */
    Path stateDirectory(ReadModelNames names);

    /** The base names of the collections it writes (e.g. {@code users}); the generation's are derived from them. */
    List<String> collections();

    /** The topology writing the generation's collections. */
    Topology topology(ReadModelNames names);

    /** The application running {@code topology} for the generation (not started). */
    StreamsApplication application(ReadModelNames names, Topology topology);
}
