package dev.phishnet.commandapi.processor;

import static dev.phishnet.commandapi.processor.StateSerdes.readString;
import static dev.phishnet.commandapi.processor.StateSerdes.requireFormat;
import static dev.phishnet.commandapi.processor.StateSerdes.writeString;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.phishnet.commandapi.analysis.Analysis;
import dev.phishnet.commandapi.analysis.AnalysisId;
import dev.phishnet.commandapi.analysis.AnalysisStatus;
import dev.phishnet.commandapi.analysis.IndicatorMatch;
import dev.phishnet.commandapi.analysis.MatchedField;
import dev.phishnet.commandapi.analysis.ThreatLevel;
import dev.phishnet.commandapi.threatintel.Indicator;
import dev.phishnet.commandapi.threatintel.IndicatorId;
import dev.phishnet.commandapi.threatintel.IndicatorType;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.UserId;

/**
 * The snapshot formats of analyses ({@link Analysis}) and indicators ({@link Indicator}), in the style of
 * {@link StateSerdes}: led by a format version, fields in declaration order, lists length-prefixed, instants as epoch
 * milliseconds, enums by name.
 */
final class AnalysisSnapshots {

    private static final byte ANALYSIS_FORMAT_1 = 1;
    private static final byte INDICATOR_FORMAT_1 = 1;

    private AnalysisSnapshots() {}

    static void writeAnalysis(DataOutputStream out, Analysis analysis) throws IOException {
        out.writeByte(ANALYSIS_FORMAT_1);
        writeString(out, analysis.id().value());
        writeString(out, analysis.tenantId().value());
        writeString(out, analysis.userId().value());
        writeString(out, analysis.gmailMessageId());
        out.writeLong(analysis.requestedAt().toEpochMilli());
        writeString(out, analysis.status().name());
        out.writeInt(analysis.pending().size());
        for (IndicatorId id : analysis.pending()) {
            writeString(out, id.value());
        }
        out.writeInt(analysis.lookups());
        out.writeInt(analysis.matches().size());
        for (IndicatorMatch match : analysis.matches()) {
            writeMatch(out, match);
        }
        out.writeBoolean(analysis.matched());
        out.writeLong(analysis.version());
    }

    static Analysis readAnalysis(DataInputStream in) throws IOException {
        requireFormat(in, ANALYSIS_FORMAT_1, "analysis");
        AnalysisId id = AnalysisId.of(readString(in));
        TenantId tenant = TenantId.of(readString(in));
        UserId user = UserId.of(readString(in));
        String gmailMessageId = readString(in);
        Instant requestedAt = Instant.ofEpochMilli(in.readLong());
        AnalysisStatus status = AnalysisStatus.valueOf(readString(in));
        int pendingCount = in.readInt();
        List<IndicatorId> pending = new ArrayList<>(Math.min(pendingCount, 1024));
        for (int i = 0; i < pendingCount; i++) {
            pending.add(IndicatorId.of(readString(in)));
        }
        int lookups = in.readInt();
        int matchCount = in.readInt();
        List<IndicatorMatch> matches = new ArrayList<>(Math.min(matchCount, 1024));
        for (int i = 0; i < matchCount; i++) {
            matches.add(readMatch(in));
        }
        return new Analysis(id, tenant, user, gmailMessageId, requestedAt, status, pending, lookups, matches,
                in.readBoolean(), in.readLong());
    }

    static void writeIndicator(DataOutputStream out, Indicator indicator) throws IOException {
        out.writeByte(INDICATOR_FORMAT_1);
        writeString(out, indicator.id().value());
        writeString(out, indicator.tenantId().value());
        writeString(out, indicator.indicator());
        writeString(out, indicator.type().name());
        writeString(out, indicator.threatType());
        writeString(out, indicator.threatLevel().name());
        out.writeDouble(indicator.confidenceScore());
        writeStrings(out, indicator.sources());
        writeStrings(out, indicator.tags());
        writeString(out, indicator.description());
        out.writeLong(indicator.firstSeenAt().toEpochMilli());
        out.writeLong(indicator.lastSeenAt().toEpochMilli());
        out.writeInt(indicator.reports());
        out.writeBoolean(indicator.active());
        out.writeLong(indicator.version());
    }

    static Indicator readIndicator(DataInputStream in) throws IOException {
        requireFormat(in, INDICATOR_FORMAT_1, "indicator");
        return new Indicator(IndicatorId.of(readString(in)), TenantId.of(readString(in)), readString(in),
                IndicatorType.valueOf(readString(in)), readString(in), ThreatLevel.valueOf(readString(in)),
                in.readDouble(), readStrings(in), readStrings(in), readString(in), Instant.ofEpochMilli(in.readLong()),
                Instant.ofEpochMilli(in.readLong()), in.readInt(), in.readBoolean(), in.readLong());
    }

    private static void writeMatch(DataOutputStream out, IndicatorMatch match) throws IOException {
        writeString(out, match.field().name());
        writeString(out, match.value());
        writeString(out, match.indicatorId().value());
        writeString(out, match.indicator());
        writeString(out, match.indicatorType().name());
        writeString(out, match.threatType());
        writeString(out, match.threatLevel().name());
        out.writeDouble(match.confidenceScore());
    }

    private static IndicatorMatch readMatch(DataInputStream in) throws IOException {
        return new IndicatorMatch(MatchedField.valueOf(readString(in)), readString(in), IndicatorId.of(readString(in)),
                readString(in), IndicatorType.valueOf(readString(in)), readString(in),
                ThreatLevel.valueOf(readString(in)), in.readDouble());
    }

    private static void writeStrings(DataOutputStream out, List<String> items) throws IOException {
        out.writeInt(items.size());
        for (String item : items) {
            writeString(out, item);
        }
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int count = in.readInt();
        List<String> items = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            items.add(readString(in));
        }
        return items;
    }
}
