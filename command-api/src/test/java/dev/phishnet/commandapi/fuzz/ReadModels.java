package dev.phishnet.commandapi.fuzz;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

/** A checksum of every MongoDB collection (every document, in _id order), to tell whether anything changed. */
final class ReadModels {

    private ReadModels() {
    }

    static Map<String, String> checksums(ReactiveMongoTemplate mongo) {
        Map<String, String> checksums = new TreeMap<>();
        List<String> names = mongo.getCollectionNames().collectList().block(Duration.ofSeconds(10));
        for (String name : names) {
            List<Document> documents = mongo.findAll(Document.class, name).collectList().block(Duration.ofSeconds(30));
            documents.sort(Comparator.comparing(document -> String.valueOf(document.get("_id"))));
            MessageDigest digest = sha256();
            documents.forEach(document -> digest.update(document.toJson().getBytes(StandardCharsets.UTF_8)));
            checksums.put(name, documents.size() + " documents, sha256 " + HexFormat.of().formatHex(digest.digest()));
        }
        return checksums;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
