package dev.phishnet.commandapi.analysisapi;

import java.time.Instant;

/**
 * What a listing of analyses is narrowed to, within the caller's tenant; a null field does not narrow it.
 *
 * @param userId the user whose emails they are
 * @param threatLevel the analyzer's result, lower case
 * @param status {@code pending}, {@code completed} or {@code failed}
 * @param receivedFrom emails received at or after this instant
 * @param receivedTo emails received before this instant
 */
record AnalysisFilter(String userId, String threatLevel, String status, Instant receivedFrom, Instant receivedTo) {
}
