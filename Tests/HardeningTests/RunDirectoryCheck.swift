import Embedding
import Foundation
import LinearAlgebra
import PersonaKit
import Testing
import TestSupport

/// Arguments and environment for running `spb-generate` against a ``FaultInjectingOpenAIServer``.
enum GenerateHarness {
    /// The API key sentinel; it must never appear in anything the generator writes or prints.
    static let sentinel = "sk-test-SENTINEL-9c1e44d0b7"
    /// The variable the key is passed in.
    static let keyVariable = "SPB_HARDENING_KEY"

    /// The options of a fast, hashed-n-gram run into `out` against `server`.
    static func arguments(out: URL, server: FaultInjectingOpenAIServer, count: Int, seed: Int = 7, timeout: Double = 3, retries: Int = 6,
                          concurrency: Int = 4) -> [String] {
        ["--out", out.path, "--target", String(count), "--seed", String(seed), "--base-url", server.baseURL.absoluteString,
         "--encoder", "hashed-ngrams", "--threshold", "0.95", "--concurrency", String(concurrency), "--timeout", String(timeout),
         "--retries", String(retries), "--api-key-env", keyVariable, "--model", "fault-model"]
    }

    static let environment = [keyVariable: sentinel]

    /// Server settings with short delays.
    static func settings(goodDelay: Duration = .zero) -> FaultInjectingOpenAIServer.Settings {
        var settings = FaultInjectingOpenAIServer.Settings()
        settings.slowDelay = .milliseconds(4500)
        settings.goodDelay = goodDelay
        return settings
    }
}

/// What a consistent run directory holds, checked line by line.
struct RunDirectoryCheck {
    let personas: [Persona]
    let ids: [String]
    let events: [[String: Any]]
    let embeddingRows: Int

    /// Reads and checks `directory`: every personas.jsonl line is a valid persona with a unique
    /// id, embeddings.f32 has one row per persona equal to the persona's hashed-n-gram
    /// embedding, every events.jsonl / rejected.jsonl line is JSON, attempt numbers are unique,
    /// and the accepted events name exactly the personas' ids (each once), apart from personas selection
    /// withdrew (a `not-selected` event line each, and the persona in rejected.jsonl).
    /// - Parameters:
    ///   - directory: The run directory.
    ///   - embeddings: The expected embeddings (row-major) of texts with a dimension; default
    ///     the hashed-n-gram encoder `spb-generate --encoder hashed-ngrams` uses.
    init(_ directory: URL, embeddings: (@Sendable ([String], Int) async throws -> [Float])? = nil,
         sourceLocation: SourceLocation = #_sourceLocation) async throws {
        func lines(_ name: String) throws -> [String] {
            let url = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { return [] }
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.isEmpty || text.hasSuffix("\n"), "\(name) ends with a complete line", sourceLocation: sourceLocation)
            return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        }
        var personas = [Persona](), ids = [String]()
        for (number, line) in try lines("personas.jsonl").enumerated() {
            let value = try #require(try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8)), "personas.jsonl:\(number + 1) is JSON", sourceLocation: sourceLocation)
            let persona = try Persona(json: value)
            #expect(persona.violations(of: .card).isEmpty, "personas.jsonl:\(number + 1) passes the card: \(persona.violations(of: .card))", sourceLocation: sourceLocation)
            let id = try #require(persona.id, "personas.jsonl:\(number + 1) has an id", sourceLocation: sourceLocation)
            personas.append(persona)
            ids.append(id)
        }
        #expect(Set(ids).count == ids.count, "no duplicate ids", sourceLocation: sourceLocation)

        var events = [[String: Any]]()
        for (number, line) in try lines("events.jsonl").enumerated() {
            let object = try #require(try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "events.jsonl:\(number + 1) is a JSON object", sourceLocation: sourceLocation)
            events.append(object)
        }
        var withdrawnKept = Set<String>()
        for (number, line) in try lines("rejected.jsonl").enumerated() {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object != nil, "rejected.jsonl:\(number + 1) is JSON", sourceLocation: sourceLocation)
            if object?["reason"] as? String == "not-selected", let id = (object?["candidate"] as? [String: Any])?["id"] as? String {
                withdrawnKept.insert(id)
            }
        }
        // Selection steering withdraws accepted personas at the end: a second, not-selected line for their attempt.
        let attemptEvents = events.filter { $0["decision"] as? String != "not-selected" }
        let attempts = attemptEvents.compactMap { $0["attempt"] as? Int }
        #expect(attempts.count == attemptEvents.count && Set(attempts).count == attempts.count, "every event has its own attempt number", sourceLocation: sourceLocation)
        let withdrawnIDs = events.filter { $0["decision"] as? String == "not-selected" }.compactMap { $0["id"] as? String }
        #expect(Set(withdrawnIDs) == withdrawnKept && Set(withdrawnIDs).count == withdrawnIDs.count,
                "each withdrawn persona once in events.jsonl and kept in rejected.jsonl", sourceLocation: sourceLocation)
        let acceptedIDs = events.filter { $0["decision"] as? String == "accepted" }.compactMap { $0["id"] as? String }
        let standing = acceptedIDs.filter { !withdrawnKept.contains($0) }
        #expect(standing.count == ids.count && Set(standing) == Set(ids) && withdrawnKept.isSubset(of: acceptedIDs),
                "one accepted event per persona (withdrawn ones aside), and none for a persona that is not there: \(Set(ids).symmetricDifference(standing).sorted())",
                sourceLocation: sourceLocation)

        let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent("embeddings.f32")))
        try #require(bytes.count >= 16 && Array(bytes[0 ..< 4]) == Array("SPBE".utf8), "embeddings.f32 header", sourceLocation: sourceLocation)
        let dimension = Int(UInt32(bytes[8]) | UInt32(bytes[9]) << 8 | UInt32(bytes[10]) << 16 | UInt32(bytes[11]) << 24)
        try #require(dimension > 0)
        #expect((bytes.count - 16) == personas.count * dimension * 4, "one embedding row per persona, no partial row", sourceLocation: sourceLocation)
        embeddingRows = (bytes.count - 16) / (dimension * 4)
        if embeddingRows == personas.count, !personas.isEmpty {
            let texts = personas.map { PersonaTextTemplate.default.render($0) }
            let expected: [Float]
            if let embeddings {
                expected = try await embeddings(texts, dimension)
            } else {
                expected = try await HashedNGramEncoder(dimension: dimension).encode(texts).storage
            }
            var stored = [Float](repeating: 0, count: embeddingRows * dimension)
            for index in stored.indices {
                let offset = 16 + index * 4
                stored[index] = Float(bitPattern: UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24)
            }
            #expect(allClose(stored, expected, absolute: 1e-5, relative: 1e-4), "row i is the embedding of persona i", sourceLocation: sourceLocation)
        }
        self.personas = personas
        self.ids = ids
        self.events = events
    }

    /// Fault kinds counted over every event.
    var faultsInEvents: [String: Int] {
        var counts = [String: Int]()
        for event in events { for kind in event["faults"] as? [String] ?? [] { counts[kind, default: 0] += 1 } }
        return counts
    }

    /// Events by decision.
    var decisions: [String: Int] {
        var counts = [String: Int]()
        for event in events { counts[event["decision"] as? String ?? "?", default: 0] += 1 }
        return counts
    }
}

/// The `kind: count` lines under "faults by kind:" in a summary printed by spb-generate.
func faultsInSummary(_ stdout: String) -> [String: Int] {
    var counts = [String: Int](), inside = false
    for line in stdout.split(separator: "\n") {
        if line.hasPrefix("faults by kind:") { inside = true; continue }
        guard inside, line.hasPrefix("  ") else { inside = false; continue }
        let parts = line.trimmingCharacters(in: .whitespaces).split(separator: ":")
        if parts.count == 2, let count = Int(parts[1].trimmingCharacters(in: .whitespaces)) { counts[String(parts[0])] = count }
    }
    return counts
}
